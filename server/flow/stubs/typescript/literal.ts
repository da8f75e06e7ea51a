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

/** How many JSON values (a string counts one per started 100 characters) one sample may hold. */
export const EXAMPLE_BUDGET = 10_000;

interface Budget {
  left: number;
  /** The cost of values copied from the schema (const, default, examples, enum), by identity. */
  costs: WeakMap<object, number>;
}

/** The cost of a JSON value, counted up to `limit` (past it, the exact figure does not matter). */
function costOf(value: unknown, limit: number, budget: Budget): number {
  if (typeof value === "string") return 1 + Math.floor(value.length / 100);
  if (typeof value !== "object" || value === null) return 1;
  const known = budget.costs.get(value);
  if (known !== undefined) return known;
  let cost = 0;
  const stack: unknown[] = [value];
  while (stack.length && cost <= limit) {
    const v = stack.pop();
    if (typeof v === "string") cost += 1 + Math.floor(v.length / 100);
    else {
      cost += 1;
      if (typeof v === "object" && v !== null) stack.push(...Object.values(v).slice(0, limit + 1));
    }
  }
  budget.costs.set(value, cost);
  return cost;
}

/** Spends the cost of `value`: the value itself while the budget lasts, null after. */
function spend(value: unknown, budget: Budget): unknown {
  const cost = costOf(value, budget.left, budget);
  if (cost > budget.left) {
    budget.left = 0;
    return null;
  }
  budget.left -= cost;
  return value;
}

/**
 * A value that satisfies simple schemas: const, default, examples and enums first, then by
 * type (required properties only, the smallest allowed number or array). Patterns, $refs and
 * combinations beyond the first branch are not solved; the stub validates before it sends.
 * One sample holds at most EXAMPLE_BUDGET values: past that, arrays and objects stay short
 * and the rest is null (schemas of arrays nested in arrays would otherwise ask for millions).
 */
export function exampleOf(schema: unknown): unknown {
  return sample(schema, 0, { left: EXAMPLE_BUDGET, costs: new WeakMap() });
}

function sample(schema: unknown, depth: number, budget: Budget): unknown {
  if (!isObject(schema) || depth > 8 || budget.left <= 0) return null;
  if ("const" in schema) return spend(schema.const, budget);
  if ("default" in schema) return spend(schema.default, budget);
  if (Array.isArray(schema.examples) && schema.examples.length) return spend(schema.examples[0], budget);
  if (Array.isArray(schema.enum) && schema.enum.length) return spend(schema.enum[0], budget);
  for (const key of ["oneOf", "anyOf"] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length) return sample(branches[0], depth + 1, budget);
  }
  if (Array.isArray(schema.allOf)) {
    const parts: unknown[] = [];
    for (const s of schema.allOf) {
      if (budget.left <= 0) break;
      parts.push(sample(s, depth + 1, budget));
    }
    if (parts.length === schema.allOf.length && parts.every(isObject)) return Object.assign({}, ...parts);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== "null") ?? types[0];
  switch (type) {
    case "object": {
      budget.left--;
      const props = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : [];
      const out: Json = {};
      for (const name of required) {
        if (budget.left <= 0) break;
        const value = sample(Object.hasOwn(props, name) ? props[name] : {}, depth + 1, budget);
        Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case "array": {
      budget.left--;
      const min = typeof schema.minItems === "number" ? schema.minItems : 0;
      const count = schema.maxItems === 0 ? 0 : Math.min(Math.max(min, 1), 10);
      const out: unknown[] = [];
      while (out.length < count && budget.left > 0) out.push(sample(schema.items ?? {}, depth + 1, budget));
      return out;
    }
    case "string": {
      const format = typeof schema.format === "string" && Object.hasOwn(STRING_FORMATS, schema.format) ? STRING_FORMATS[schema.format] : undefined;
      if (format) return spend(format, budget);
      const min = typeof schema.minLength === "number" ? Math.min(schema.minLength, 1000) : 0;
      const max = typeof schema.maxLength === "number" ? schema.maxLength : undefined;
      return spend("example".padEnd(min, "x").slice(0, max), budget);
    }
    case "integer":
    case "number": {
      budget.left--;
      if (typeof schema.minimum === "number") return type === "integer" ? Math.ceil(schema.minimum) : schema.minimum;
      if (typeof schema.exclusiveMinimum === "number") return Math.floor(schema.exclusiveMinimum) + 1;
      if (typeof schema.maximum === "number" && schema.maximum < 0) return type === "integer" ? Math.floor(schema.maximum) : schema.maximum;
      return 0;
    }
    case "boolean":
      budget.left--;
      return false;
    case "null":
      budget.left--;
      return null;
    default:
      if (isObject(schema.properties)) return sample({ ...schema, type: "object" }, depth, budget);
      budget.left--;
      return {};
  }
}

/** Top-level property names of an object schema, and which are required. */
export function objectShape(schema: JsonSchema): { properties: Record<string, unknown>; required: Set<string> } | null {
  if (!isObject(schema.properties)) return null;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : []);
  return { properties: schema.properties, required };
}
