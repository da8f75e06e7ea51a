// Payload schemas come from stored flows, that is from users. A `$ref` that leaves the document
// (http:, file:, a relative or absolute path) would make whatever dereferences it — Modelina's
// json-schema-ref-parser, with its file and http resolvers — read files or fetch URLs on the
// server. Stubs only ever see copies in which such references are gone.
import type { JsonSchema } from "../../model";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A `$ref` that points outside the document: anything but a fragment (`#…`) of the document itself. */
export const isExternalRef = (ref: unknown): ref is string => typeof ref === "string" && !ref.startsWith("#");

export interface LocalSchema {
  /** A deep copy of the schema in which every external `$ref` became a `$comment` saying so. */
  schema: JsonSchema;
  /** The external references removed, once each, in document order. */
  removedRefs: string[];
}

/**
 * Every object and array under `root`, the root included, each once, without recursion (stored
 * schemas can nest deeper than the stack).
 */
function* nodes(root: unknown): Generator<Json | unknown[]> {
  const stack: unknown[] = [root];
  const seen = new WeakSet<object>();
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      yield v;
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (isObject(v)) {
      yield v;
      const values = Object.values(v);
      for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
    }
  }
}

/**
 * A copy of `schema` without external `$ref`s: each is dropped, and the object that held it gets
 * `$comment: "external $ref removed: <ref>"` instead, so the type there is loose. Every object is
 * searched, data (const, enum, examples) included, because ref-parser follows `$ref`s wherever
 * they are. Local references (`#/definitions/…`) stay. `schema` itself is not touched.
 */
export function withoutExternalRefs(schema: JsonSchema): LocalSchema {
  const copy = structuredClone(schema);
  const removed = new Set<string>();
  for (const node of nodes(copy)) {
    if (Array.isArray(node) || !Object.hasOwn(node, "$ref")) continue;
    const ref = node.$ref;
    if (!isExternalRef(ref)) continue;
    removed.add(ref);
    delete node.$ref;
    const note = `external $ref removed: ${ref}`;
    const existing = Object.hasOwn(node, "$comment") ? node.$comment : undefined;
    node.$comment = typeof existing === "string" && existing ? `${existing}; ${note}` : note;
  }
  return { schema: copy, removedRefs: [...removed] };
}

/** Whether any external `$ref` is left under `value`. */
export function hasExternalRef(value: unknown): boolean {
  for (const node of nodes(value)) if (!Array.isArray(node) && Object.hasOwn(node, "$ref") && isExternalRef(node.$ref)) return true;
  return false;
}
