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
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new FlowFormatError(`Not valid JSON: ${jsonErrorWhere(text, e as Error)}`);
  }
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    const { $schema: _ignored, ...rest } = raw as Record<string, unknown>;
    raw = rest;
  }
  return migrateFlow(raw);
}

function jsonErrorWhere(text: string, e: Error): string {
  const m = /position (\d+)/.exec(e.message);
  if (!m) return e.message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const col = pos - before.lastIndexOf("\n");
  return `${e.message.replace(/ in JSON at position \d+.*$/, "")} at line ${line}, column ${col}`;
}
