// Shared plumbing for the CLI commands: argument parsing with a usage message, and file reads
// that fail with a sentence instead of a stack trace.
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { parseFlowFile } from "../flow/file-format";
import { FlowFormatError } from "../flow/migrations";
import { applicationNames } from "../flow/asyncapi/emit";
import type { FlowDoc } from "../flow/model";
import type { Io } from "./main";

type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

export function parseCommandArgs(
  cmd: string,
  args: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  help: string,
  io: Io,
): { parsed: Parsed; exit?: undefined } | { parsed?: undefined; exit: 0 | 2 } {
  try {
    const parsed = parseArgs({ args, allowPositionals: true, options: { ...options, help: { type: "boolean", short: "h" } } }) as Parsed;
    if (parsed.values.help) {
      io.stdout.write(help);
      return { exit: 0 as const };
    }
    return { parsed };
  } catch (e) {
    io.stderr.write(`flowlens ${cmd}: ${(e as Error).message}\n\n${help}`);
    return { exit: 2 as const };
  }
}

export async function readText(cmd: string, file: string, io: Io): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    io.stderr.write(`flowlens ${cmd}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return undefined;
  }
}

export async function readFlow(cmd: string, file: string, io: Io): Promise<FlowDoc | undefined> {
  const text = await readText(cmd, file, io);
  if (text === undefined) return undefined;
  try {
    return parseFlowFile(text);
  } catch (e) {
    if (e instanceof FlowFormatError) {
      io.stderr.write(`flowlens ${cmd}: ${file}: ${e.message}\n`);
      return undefined;
    }
    throw e;
  }
}

export async function writeOut(cmd: string, file: string, text: string, io: Io): Promise<boolean> {
  try {
    await writeFile(file, text);
    return true;
  } catch (e) {
    io.stderr.write(`flowlens ${cmd}: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return false;
  }
}

/** False (after saying which applications exist) when --app names none of the flow's. */
export function knownApp(cmd: string, file: string, flow: FlowDoc, app: string | undefined, io: Io): boolean {
  const names = applicationNames(flow);
  if (app === undefined || names.includes(app)) return true;
  io.stderr.write(`flowlens ${cmd}: no application named "${app}" in ${file}; it has: ${names.join(", ") || "none"}\n`);
  return false;
}
