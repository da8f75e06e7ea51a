import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parseFlowFile } from "../flow/file-format";
import { FlowFormatError } from "../flow/migrations";
import { validate, type Diagnostic } from "../flow/validate";
import type { Io } from "./main";

const HELP = `Usage: flowlens validate <file.flow.json> [--json]

Prints the flow's diagnostics (errors and warnings, each with a fix).
Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 the file cannot be read or is not a flow.
`;

export async function validateCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    io.stderr.write(`flowlens validate: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) {
    io.stderr.write(`flowlens validate: give exactly one flow file\n\n${HELP}`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    io.stderr.write(`flowlens validate: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  let diagnostics: Diagnostic[];
  let name: string;
  try {
    const doc = parseFlowFile(text);
    name = doc.name;
    diagnostics = validate(doc);
  } catch (e) {
    if (e instanceof FlowFormatError) {
      io.stderr.write(`flowlens validate: ${file}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  if (parsed.values.json) {
    io.stdout.write(JSON.stringify({ file, flow: name, errors, warnings, diagnostics }, null, 2) + "\n");
  } else {
    for (const d of diagnostics) io.stdout.write(`${d.severity === "error" ? "error  " : "warning"}  ${d.message}\n         fix: ${d.fix}\n`);
    io.stdout.write(`${file}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`);
  }
  return errors ? 1 : 0;
}
