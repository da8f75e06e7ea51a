// The .flow.json file format: the flow document itself. Its JSON Schema is served by every
// Flowlens at /schemas/flow.schema.json; a file may point at it with "$schema".
import { z } from "zod";
import { flowDocSchema, type FlowDoc } from "./model";
import { FlowFormatError, migrateFlow } from "./migrations";

export function flowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(flowDocSchema, { io: "input", target: "draft-7" }) as Record<string, unknown>;
  const properties = { $schema: { type: "string" }, ...(schema.properties as object) };
  return { ...schema, title: "Flowlens flow", description: "An event flow on Kafka, as saved by Flowlens (.flow.json).", properties };
}

export function serializeFlow(doc: FlowDoc): string {
  return JSON.stringify(doc, null, 2) + "\n";
}

/** Parses a .flow.json text: JSON errors come with line and column, format errors with the path. */
export function parseFlowFile(text: string): FlowDoc {
  const parsed = parseJson(text);
  if ("error" in parsed) throw new FlowFormatError(`Not valid JSON: ${parsed.error}`);
  let raw = parsed.value;
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    const { $schema: _ignored, ...rest } = raw as Record<string, unknown>;
    raw = rest;
  }
  return migrateFlow(raw);
}

/** JSON.parse, with a syntax error told by line and column instead of character position. */
export function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const message = (e as Error).message;
    const m = /position (\d+)/.exec(message);
    if (!m) return { error: message };
    const pos = Number(m[1]);
    const before = text.slice(0, pos);
    const line = before.split("\n").length;
    const col = pos - before.lastIndexOf("\n");
    return { error: `${message.replace(/ in JSON at position \d+.*$/, "")} at line ${line}, column ${col}` };
  }
}
