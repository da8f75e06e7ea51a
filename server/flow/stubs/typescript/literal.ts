// JSON data as TypeScript source, and sample values drawn from JSON Schemas.
import type { JsonSchema } from "../../model";
import { propertyKey, stringLiteral } from "./naming";

/**
 * A JSON value as a TypeScript expression. Like JSON.stringify with indentation, except that
 * keys are bare where they can be and `__proto__` stays an own property (an object literal
 * would otherwise set the prototype).
 */
export function tsLiteral(value: unknown, indent = ""): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    const flat = value.every((v) => v === null || typeof v !== "object") ? `[${value.map((v) => tsLiteral(v)).join(", ")}]` : null;
    if (flat && flat.length <= 80) return flat;
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},`).join("\n")}\n${indent}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (!entries.length) return "{}";
    return `{\n${entries.map(([k, v]) => `${inner}${propertyKey(k)}: ${tsLiteral(v, inner)},`).join("\n")}\n${indent}}`;
  }
  return "null";
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const STRING_FORMATS: Record<string, string> = {
  uuid: "00000000-0000-4000-8000-000000000000",
  "date-time": "2026-01-01T00:00:00.000Z",
  date: "2026-01-01",
  time: "00:00:00Z",
  email: "someone@example.com",
  uri: "https://example.com/",
  "uri-reference": "/example",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
};

/**
 * A value that satisfies simple schemas: const, default, examples and enums first, then by
 * type (required properties only, the smallest allowed number or array). Patterns, $refs and
 * combinations beyond the first branch are not solved; the stub validates before it sends.
 */
export function exampleOf(schema: unknown, depth = 0): unknown {
  if (!isObject(schema) || depth > 8) return null;
  if ("const" in schema) return schema.const;
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  for (const key of ["oneOf", "anyOf"] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length) return exampleOf(branches[0], depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((s) => exampleOf(s, depth + 1));
    if (parts.every(isObject)) return Object.assign({}, ...parts);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== "null") ?? types[0];
  switch (type) {
    case "object": {
      const props = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : [];
      const out: Json = {};
      for (const name of required) Object.defineProperty(out, name, { value: exampleOf(props[name] ?? {}, depth + 1), enumerable: true, writable: true, configurable: true });
      return out;
    }
    case "array": {
      const min = typeof schema.minItems === "number" ? schema.minItems : 0;
      const count = schema.maxItems === 0 ? 0 : Math.min(Math.max(min, 1), 10);
      return Array.from({ length: count }, () => exampleOf(schema.items ?? {}, depth + 1));
    }
    case "string": {
      const format = typeof schema.format === "string" ? STRING_FORMATS[schema.format] : undefined;
      if (format) return format;
      const min = typeof schema.minLength === "number" ? Math.min(schema.minLength, 1000) : 0;
      const max = typeof schema.maxLength === "number" ? schema.maxLength : undefined;
      return "example".padEnd(min, "x").slice(0, max);
    }
    case "integer":
    case "number": {
      if (typeof schema.minimum === "number") return type === "integer" ? Math.ceil(schema.minimum) : schema.minimum;
      if (typeof schema.exclusiveMinimum === "number") return Math.floor(schema.exclusiveMinimum) + 1;
      if (typeof schema.maximum === "number" && schema.maximum < 0) return type === "integer" ? Math.floor(schema.maximum) : schema.maximum;
      return 0;
    }
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return isObject(schema.properties) ? exampleOf({ ...schema, type: "object" }, depth) : {};
  }
}

/** Top-level property names of an object schema, and which are required. */
export function objectShape(schema: JsonSchema): { properties: Record<string, unknown>; required: Set<string> } | null {
  if (!isObject(schema.properties)) return null;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : []);
  return { properties: schema.properties, required };
}
