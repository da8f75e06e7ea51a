import { basename } from "node:path";
import { importAsyncApi, type SpecSource } from "../flow/asyncapi/import";
import { serializeFlow } from "../flow/file-format";
import { parseCommandArgs, readText, writeOut } from "./args";
import type { Io } from "./main";

const HELP = `Usage: flowlens import <spec…> -o flow.json [--name NAME]

Turns AsyncAPI documents (3.0, or 2.x converted on the way) into one Flowlens flow.
Each document is one application; channels with the same address become one topic.
Exit codes: 0 written, 1 a document is invalid (errors name file, line and column),
2 bad arguments or an unreadable file.
`;

export async function importCommand(args: string[], io: Io): Promise<number> {
  const r = parseCommandArgs("import", args, { output: { type: "string", short: "o" }, name: { type: "string" } }, HELP, io);
  if (!r.parsed) return r.exit;
  const { values, positionals } = r.parsed;
  if (!positionals.length) {
    io.stderr.write(`flowlens import: give at least one AsyncAPI document\n\n${HELP}`);
    return 2;
  }
  const out = values.output as string | undefined;
  if (!out) {
    io.stderr.write(`flowlens import: say where to write the flow with -o flow.json\n`);
    return 2;
  }
  const sources: SpecSource[] = [];
  for (const file of positionals) {
    const text = await readText("import", file, io);
    if (text === undefined) return 2;
    sources.push({ name: basename(file), text });
  }
  const result = await importAsyncApi(sources, { name: values.name as string | undefined });
  if (!result.ok) {
    for (const e of result.errors) io.stderr.write(`error: ${e.message}\n`);
    return 1;
  }
  for (const w of result.warnings) io.stderr.write(`warning: ${w.message}\n`);
  if (!(await writeOut("import", out, serializeFlow(result.flow), io))) return 2;
  const apps = result.flow.nodes.filter((n) => n.kind === "producer" || n.kind === "consumer" || n.kind === "transformer").length;
  const topics = result.flow.nodes.filter((n) => n.kind === "topic" || n.kind === "dlq").length;
  io.stderr.write(`flowlens import: wrote ${out} (${apps} application${apps === 1 ? "" : "s"}, ${topics} topic${topics === 1 ? "" : "s"})\n`);
  return 0;
}
