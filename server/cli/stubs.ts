import { access, lstat, mkdir, realpath, writeFile } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";
import { applicationNames } from "../flow/asyncapi/emit";
import { generateAllTypeScriptStubs, generateTypeScriptStubs, planApp } from "../flow/stubs/typescript";
import { knownApp, parseCommandArgs, readFlow } from "./args";
import type { Io } from "./main";

const HELP = `Usage: flowlens stubs <flow.json> --lang ts -o DIR [--app NAME] [--force]

Generates a runnable TypeScript (kafkajs) service project for each application of the flow,
or only for --app NAME, one folder per application under DIR.
Existing files are never overwritten unless --force is given, and even then each project's
src/handlers.ts (where your business logic lives) is kept.
Exit codes: 0 written, 1 files already exist, 2 bad arguments or an unreadable flow.
`;

const USER_OWNED = /(^|\/)src\/handlers\.ts$/;

const exists = (p: string) => access(p).then(() => true, () => false);

export async function stubsCommand(args: string[], io: Io): Promise<number> {
  const r = parseCommandArgs("stubs", args, { lang: { type: "string" }, output: { type: "string", short: "o" }, app: { type: "string" }, force: { type: "boolean" } }, HELP, io);
  if (!r.parsed) return r.exit;
  const { values, positionals } = r.parsed;
  if (positionals.length !== 1) {
    io.stderr.write(`flowlens stubs: give exactly one flow file\n\n${HELP}`);
    return 2;
  }
  if (values.lang !== "ts") {
    io.stderr.write(`flowlens stubs: --lang ts is the language stubs are generated in${values.lang ? `, not "${values.lang}"` : ""}\n`);
    return 2;
  }
  if (!values.output) {
    io.stderr.write(`flowlens stubs: say where to write the projects with -o DIR\n`);
    return 2;
  }
  const flow = await readFlow("stubs", positionals[0]!, io);
  if (!flow) return 2;
  const app = values.app as string | undefined;
  if (!knownApp("stubs", positionals[0]!, flow, app, io)) return 2;
  const names = applicationNames(flow);
  if (!names.length) {
    io.stderr.write(`flowlens stubs: ${positionals[0]} has no producer, transformer or consumer to generate\n`);
    return 2;
  }
  // One folder per application under DIR, with --app too, so DIR's own files are never touched.
  const files =
    app !== undefined
      ? (await generateTypeScriptStubs(flow, app)).map((f) => ({ ...f, path: `${planApp(flow, app).directory}/${f.path}` }))
      : await generateAllTypeScriptStubs(flow);
  const root = resolve(values.output as string);
  const plan: { path: string; target: string; exists: boolean }[] = [];
  for (const f of files) {
    const target = resolve(root, f.path);
    // Generated paths are constrained already; this keeps a bug there from writing outside DIR.
    if (!target.startsWith(root + sep)) throw new Error(`Refusing to write outside ${root}: ${f.path}`);
    plan.push({ path: f.path, target, exists: await exists(target) });
  }
  const clashes = plan.filter((p) => p.exists);
  if (clashes.length && !values.force) {
    io.stderr.write(`flowlens stubs: ${clashes.length} file${clashes.length === 1 ? "" : "s"} already exist in ${root}, nothing written:\n`);
    for (const c of clashes.slice(0, 10)) io.stderr.write(`  ${c.path}\n`);
    io.stderr.write(`Use --force to regenerate (src/handlers.ts files are kept).\n`);
    return 1;
  }
  let written = 0;
  try {
    await mkdir(root, { recursive: true });
    const realRoot = await realpath(root);
    // Check every destination before writing any, so a refusal leaves DIR as it was: a symlinked
    // folder or file inside DIR must not carry a write (or a mkdir) elsewhere.
    for (const p of plan) {
      let existing = p.exists ? p.target : dirname(p.target);
      while (!(await exists(existing))) existing = dirname(existing);
      const real = await realpath(existing);
      const linkedFile = p.exists && (await lstat(p.target)).isSymbolicLink();
      if (linkedFile || (real !== realRoot && !real.startsWith(realRoot + sep))) {
        io.stderr.write(`flowlens stubs: ${linkedFile ? p.path : dirname(p.path)} is a link out of ${root}; nothing written\n`);
        return 1;
      }
    }
    for (const [i, p] of plan.entries()) {
      if (p.exists && USER_OWNED.test(p.path)) {
        io.stderr.write(`kept ${relative(process.cwd(), p.target)} (your handlers)\n`);
        continue;
      }
      await mkdir(dirname(p.target), { recursive: true });
      await writeFile(p.target, files[i]!.content);
      written++;
    }
  } catch (e) {
    io.stderr.write(`flowlens stubs: cannot write under ${root}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  io.stderr.write(`flowlens stubs: wrote ${written} files for ${app ?? names.join(", ")} under ${root}\n`);
  return 0;
}
