import { Validator, type Schema } from "@cfworker/json-schema";
import { draft07MetaSchema } from "./draft-07";
import type { JsonSchema } from "../model";

// An interpreting validator (no code generation, so no eval), shared by every check.
const meta = new Validator(draft07MetaSchema as unknown as Schema, "7", false);

// Documents are immutable, so an unchanged schema object keeps its answer between lint runs.
const cache = new WeakMap<object, string[]>();

/** Problems that make `schema` not a JSON Schema (draft-07), as "path: message" lines. */
export function jsonSchemaProblems(schema: unknown): string[] {
  if (!schema || typeof schema !== "object") return check(schema);
  let hit = cache.get(schema);
  if (!hit) cache.set(schema, (hit = check(schema)));
  return hit;
}

function check(schema: unknown): string[] {
  const r = meta.validate(schema);
  if (r.valid) return [];
  // cfworker reports each failing keyword up the tree; the deepest ones say what is wrong.
  const leaves = r.errors.filter((e) => !r.errors.some((o) => o !== e && o.instanceLocation.startsWith(e.instanceLocation + "/")));
  return [...new Set(leaves.map((e) => `${e.instanceLocation.replace(/^#/, "") || "/"}: ${e.error}`))].slice(0, 5);
}

/** Validates a value (a message payload, say) against a schema; returns readable problems. */
export function instanceProblems(schema: JsonSchema, value: unknown): string[] {
  const r = new Validator(schema as Schema, "7", false).validate(value);
  return r.valid ? [] : r.errors.filter((e) => e.keyword !== "properties").map((e) => `${e.instanceLocation.replace(/^#/, "") || "/"}: ${e.error}`);
}
