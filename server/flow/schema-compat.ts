// Compatibility of two payload schemas along an edge: what a writer sends against what a reader
// needs. Covers the mistakes that break consumers in practice: a field the reader requires that
// the writer may leave out, and a field whose type differs.
import type { JsonSchema } from "./model";

export interface CompatProblem {
  path: string;
  problem: "missing" | "optional" | "type";
  detail: string;
}

type S = Record<string, unknown>;
const obj = (v: unknown): S | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as S) : null);

function types(s: S): string[] | null {
  const t = s.type;
  if (typeof t === "string") return [t === "integer" ? "number" : t];
  if (Array.isArray(t)) return t.map((x) => (x === "integer" ? "number" : String(x)));
  return null;
}

export function schemaCompat(writer: JsonSchema, reader: JsonSchema, path = ""): CompatProblem[] {
  const out: CompatProblem[] = [];
  const wt = types(writer);
  const rt = types(reader);
  if (wt && rt && !wt.every((t) => rt.includes(t))) {
    out.push({ path: path || "/", problem: "type", detail: `sent as ${wt.join("|")}, read as ${rt.join("|")}` });
    return out;
  }
  const wProps = obj(writer.properties) ?? {};
  const rProps = obj(reader.properties) ?? {};
  const wRequired = new Set(Array.isArray(writer.required) ? (writer.required as string[]) : []);
  const rRequired = Array.isArray(reader.required) ? (reader.required as string[]) : [];
  for (const field of rRequired) {
    const p = `${path}/${field}`;
    if (!(field in wProps) && !wRequired.has(field)) {
      // A writer with no declared properties at all says nothing; only flag concrete schemas.
      if (Object.keys(wProps).length || writer.additionalProperties === false) {
        out.push({ path: p, problem: "missing", detail: `required by the reader, not provided by the writer` });
      }
    } else if (!wRequired.has(field)) {
      out.push({ path: p, problem: "optional", detail: `required by the reader, optional for the writer` });
    }
  }
  for (const [field, rSchema] of Object.entries(rProps)) {
    const wSchema = obj(wProps[field]);
    const r = obj(rSchema);
    if (wSchema && r) out.push(...schemaCompat(wSchema, r, `${path}/${field}`));
  }
  return out;
}
