import { checkEmittedAsyncApi } from "../flow/asyncapi/check";
import { emittedSpecFile, SPEC_FORMATS, type SpecFormat } from "../flow/asyncapi/files";
import { knownApp, parseCommandArgs, readFlow, writeOut } from "./args";
import type { Io } from "./main";

const HELP = `Usage: flowlens export <flow.json> [--app NAME] [--format yaml|json] [-o PATH]

Writes the flow's AsyncAPI 3.0.0 document: the whole flow, or one application with --app.
The document is checked with @asyncapi/parser before it is written.
Without -o it goes to standard output.
Exit codes: 0 written, 1 the document does not validate, 2 bad arguments or an unreadable flow.
`;

export async function exportCommand(args: string[], io: Io): Promise<number> {
  const r = parseCommandArgs("export", args, { app: { type: "string" }, format: { type: "string", default: "yaml" }, output: { type: "string", short: "o" } }, HELP, io);
  if (!r.parsed) return r.exit;
  const { values, positionals } = r.parsed;
  if (positionals.length !== 1) {
    io.stderr.write(`flowlens export: give exactly one flow file\n\n${HELP}`);
    return 2;
  }
  const format = values.format as string;
  if (!(SPEC_FORMATS as readonly string[]).includes(format)) {
    io.stderr.write(`flowlens export: --format must be yaml or json, not "${format}"\n`);
    return 2;
  }
  const flow = await readFlow("export", positionals[0]!, io);
  if (!flow) return 2;
  const app = values.app as string | undefined;
  if (!knownApp("export", positionals[0]!, flow, app, io)) return 2;
  const { file, document } = emittedSpecFile(flow, { app, format: format as SpecFormat });
  const check = await checkEmittedAsyncApi({ name: file.fileName, text: file.text }, document);
  for (const e of check.errors) io.stderr.write(`error: ${e.message}\n`);
  if (check.errors.length) return 1;
  const out = values.output as string | undefined;
  if (!out) {
    io.stdout.write(file.text);
    return 0;
  }
  if (!(await writeOut("export", out, file.text, io))) return 2;
  io.stderr.write(`flowlens export: wrote ${out}${check.warnings.length ? ` (${check.warnings.length} parser warning${check.warnings.length === 1 ? "" : "s"})` : ""}\n`);
  return 0;
}
