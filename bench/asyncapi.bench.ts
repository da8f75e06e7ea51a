// Issue 4: export a generated 500-node flow, including parser validation, in under 1 s; report the
// emission time beside @asyncapi/parser's time on the same document (the reference).
import { asyncApiParser } from "../server/flow/asyncapi/check";
import { applications, emitAsyncApi } from "../server/flow/asyncapi/emit";
import { specText } from "../server/flow/asyncapi/files";
import { generateFlow } from "../server/flow/samples/generate";
import { stats } from "./lib/app";

const ROUNDS = 6;
const flow = generateFlow(500, 750);
const parser = asyncApiParser();
const t = { emit: [] as number[], yaml: [] as number[], json: [] as number[], validateYaml: [] as number[], validateJson: [] as number[] };
let yamlSize = 0;
let jsonSize = 0;
let errors = 0;

async function time<T>(into: number[], f: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const r = await f();
  into.push(performance.now() - start);
  return r;
}

for (let i = 0; i < ROUNDS; i++) {
  const doc = await time(t.emit, () => emitAsyncApi(flow));
  const yaml = await time(t.yaml, () => specText(doc, "yaml"));
  const json = await time(t.json, () => specText(doc, "json"));
  yamlSize = yaml.length;
  jsonSize = json.length;
  const d1 = await time(t.validateYaml, () => parser.validate(yaml));
  const d2 = await time(t.validateJson, () => parser.validate(json));
  errors = [...d1, ...d2].filter((d) => d.severity === 0).length;
}

// Per-application documents: what `flowlens export --app` and the Spec view produce.
const apps = applications(flow).slice(0, 20);
const perApp: number[] = [];
for (const app of apps) {
  await time(perApp, async () => {
    const text = specText(emitAsyncApi(flow, { app: app.appName || app.name }), "yaml");
    const d = await parser.validate(text);
    errors += d.filter((x) => x.severity === 0).length;
  });
}

const warm = (xs: number[]) => stats(xs.slice(1));
const f = (n: number) => n.toFixed(1).padStart(7);
const e = warm(t.emit);
const y = warm(t.yaml);
const j = warm(t.json);
const vy = warm(t.validateYaml);
const vj = warm(t.validateJson);
const pa = stats(perApp);
console.log(`asyncapi: whole-flow export of a generated 500-node, 750-edge flow (${(yamlSize / 1024).toFixed(0)} KiB YAML, ${(jsonSize / 1024).toFixed(0)} KiB JSON), ${errors} parser errors in all`);
console.log(`  emit (Flowlens)                         p50 ${f(e.p50)} ms   max ${f(e.max)} ms`);
console.log(`  YAML stringify                          p50 ${f(y.p50)} ms   max ${f(y.max)} ms`);
console.log(`  JSON stringify                          p50 ${f(j.p50)} ms   max ${f(j.max)} ms`);
console.log(`  reference: @asyncapi/parser on the YAML p50 ${f(vy.p50)} ms   max ${f(vy.max)} ms   first call ${t.validateYaml[0]!.toFixed(0)} ms`);
console.log(`  reference: @asyncapi/parser on the JSON p50 ${f(vj.p50)} ms   max ${f(vj.max)} ms`);
const totalYaml = e.p50 + y.p50 + vy.p50;
const totalJson = e.p50 + j.p50 + vj.p50;
console.log(`  export incl. validation: YAML p50 ${totalYaml.toFixed(0)} ms, JSON p50 ${totalJson.toFixed(0)} ms; goal < 1000 ms → ${Math.min(totalYaml, totalJson) < 1000 ? "met" : "MISSED"}`);
console.log(`  per-application document (${apps.length} apps) incl. validation: p50 ${pa.p50.toFixed(0)} ms, max ${pa.max.toFixed(0)} ms`);
