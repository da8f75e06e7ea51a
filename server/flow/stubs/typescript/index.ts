// Runnable TypeScript service stubs, one project per application of a flow.
// A pipeline of pure functions: plan (doc → meta-model with constrained names) → models
// (Modelina) → render (one function per file). Nothing here touches the disk.
import type { FlowDoc } from "../../model";
import { renderModels } from "./models";
import { appNames, planApp } from "./plan";
import { configTs, examplesTs, handlersTs, mainTs, messagesTs, publisherTs, schemasTs } from "./render-app";
import { gitignore, packageJson, readme, tsconfigJson } from "./render-project";
import { runtimeTs, tracingTs } from "./render-runtime";
import { unique } from "./naming";

export interface GeneratedFile {
  path: string;
  content: string;
}

export { DEAD_LETTER_HEADERS } from "./render-runtime";
export { STUB_DEPENDENCIES, STUB_DEV_DEPENDENCIES } from "./render-project";
export { planApp, type AppPlan } from "./plan";

/** The project of one application (`app` is its appName, or its name, as applications() says). */
export async function generateTypeScriptStubs(doc: FlowDoc, app: string): Promise<GeneratedFile[]> {
  const plan = planApp(doc, app);
  const { code: models, typeOf } = await renderModels(plan.messages);
  const files: GeneratedFile[] = [
    { path: "package.json", content: packageJson(plan) },
    { path: "tsconfig.json", content: tsconfigJson() },
    { path: "README.md", content: readme(plan) },
    { path: ".gitignore", content: gitignore() },
    { path: "src/config.ts", content: configTs(plan) },
    { path: "src/tracing.ts", content: tracingTs() },
    { path: "src/runtime.ts", content: runtimeTs() },
    { path: "src/models.ts", content: models },
    { path: "src/schemas.ts", content: schemasTs(plan) },
    { path: "src/messages.ts", content: messagesTs(plan, typeOf) },
    { path: "src/examples.ts", content: examplesTs(plan, typeOf) },
    ...(plan.producers.length ? [{ path: "src/publisher.ts", content: publisherTs(plan, typeOf) }] : []),
    { path: "src/handlers.ts", content: handlersTs(plan, typeOf) },
    { path: "src/main.ts", content: mainTs(plan, typeOf) },
  ];
  return files;
}

/** Every application's project, each under its own directory (kebab-case, unique). */
export async function generateAllTypeScriptStubs(doc: FlowDoc): Promise<GeneratedFile[]> {
  const dirs = new Set<string>();
  const out: GeneratedFile[] = [];
  for (const app of appNames(doc)) {
    const dir = unique(dirs, planApp(doc, app).directory, "-");
    for (const f of await generateTypeScriptStubs(doc, app)) out.push({ path: `${dir}/${f.path}`, content: f.content });
  }
  return out;
}
