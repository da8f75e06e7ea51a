// Saved flows from every earlier schemaVersion open: each bump has one `up` step here, and a test.
import { FLOW_SCHEMA_VERSION, flowDocSchema, type FlowDoc } from "./model";

type Raw = Record<string, unknown>;

/** migrations[n] takes a version-n document to version n+1. */
export const migrations: Record<number, (doc: Raw) => Raw> = {
  // v1 (the first release) stored a name, a description and empty node and edge lists.
  // v2 gives nodes and edges their typed shapes and adds the flow's own version string.
  1: (doc) => ({
    ...doc,
    schemaVersion: 2,
    version: "1.0.0",
    nodes: Array.isArray(doc.nodes) ? doc.nodes : [],
    edges: Array.isArray(doc.edges) ? doc.edges : [],
  }),
};

export class FlowFormatError extends Error {
  constructor(
    message: string,
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = "FlowFormatError";
  }
}

/** Brings any saved or imported flow to the current schema and validates it; explains what is wrong otherwise. */
export function migrateFlow(input: unknown): FlowDoc {
  if (!input || typeof input !== "object" || Array.isArray(input)) {
    throw new FlowFormatError("A flow must be a JSON object.");
  }
  let doc = input as Raw;
  const v = doc.schemaVersion;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new FlowFormatError("This is not a Flowlens flow: schemaVersion is missing or not a positive integer.");
  }
  if (v > FLOW_SCHEMA_VERSION) {
    throw new FlowFormatError(
      `This flow was saved by a newer Flowlens (schemaVersion ${v}; this one reads up to ${FLOW_SCHEMA_VERSION}). Upgrade Flowlens to open it.`,
    );
  }
  for (let n = v; n < FLOW_SCHEMA_VERSION; n++) {
    const up = migrations[n];
    if (!up) throw new FlowFormatError(`No migration from schemaVersion ${n}.`);
    doc = up(doc);
  }
  const parsed = flowDocSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new FlowFormatError(`The flow is malformed: ${issues.slice(0, 3).map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`, issues);
  }
  const ids = new Set<string>();
  for (const n of parsed.data.nodes) {
    if (ids.has(n.id)) throw new FlowFormatError(`The flow is malformed: node id ${n.id} is used twice.`);
    ids.add(n.id);
  }
  for (const e of parsed.data.edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) {
      throw new FlowFormatError(`The flow is malformed: edge ${e.id} points at a node that does not exist.`);
    }
  }
  return parsed.data;
}
