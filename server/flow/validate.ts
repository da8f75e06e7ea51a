// Lint for a flow: (doc) => Diagnostic[]. Runs live in the designer, in the CLI and on the API.
// Every diagnostic names its node (or edge) and says how to fix it.
import { jsonSchemaProblems } from "./json-schema/check";
import { isTopicLike, KIND_LABELS, type FlowDoc, type FlowEdge, type FlowNode, type JsonSchema, type TopicLike } from "./model";
import { schemaCompat } from "./schema-compat";

export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Stable for the same problem on the same element, so the UI can key and diff them. */
  id: string;
  severity: Severity;
  code: string;
  nodeId?: string;
  edgeId?: string;
  message: string;
  fix: string;
}

export function validate(doc: FlowDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, FlowEdge[]>();
  const outgoing = new Map<string, FlowEdge[]>();
  for (const e of doc.edges) {
    (incoming.get(e.target) ?? incoming.set(e.target, []).get(e.target)!).push(e);
    (outgoing.get(e.source) ?? outgoing.set(e.source, []).get(e.source)!).push(e);
  }
  const ins = (id: string) => incoming.get(id) ?? [];
  const outs = (id: string) => outgoing.get(id) ?? [];
  const add = (d: Omit<Diagnostic, "id">) =>
    out.push({ ...d, id: `${d.code}:${d.nodeId ?? ""}:${d.edgeId ?? ""}:${out.filter((o) => o.code === d.code && o.nodeId === d.nodeId).length}` });
  const label = (n: FlowNode) => `${KIND_LABELS[n.kind]} “${n.name}”`;

  // Names: Kafka topic names must be unique in a cluster; application names identify services.
  const seen = new Map<string, FlowNode>();
  for (const n of doc.nodes) {
    if (!isTopicLike(n)) continue;
    const first = seen.get(n.name);
    if (first) {
      add({ severity: "error", code: "duplicate-topic-name", nodeId: n.id, message: `${label(n)} has the same name as another topic.`, fix: `Rename one of the two topics named “${n.name}”.` });
    } else seen.set(n.name, n);
  }

  for (const n of doc.nodes) {
    const inE = ins(n.id);
    const outE = outs(n.id);
    switch (n.kind) {
      case "topic": {
        if (!inE.some((e) => e.kind === "publishes" || e.kind === "emits")) {
          add({ severity: "warning", code: "topic-no-producer", nodeId: n.id, message: `${label(n)} has no producer.`, fix: "Connect a producer or a transformer to it, or remove it." });
        }
        if (!outE.some((e) => e.kind === "subscribes")) {
          add({ severity: "warning", code: "topic-no-consumer", nodeId: n.id, message: `${label(n)} has no consumer.`, fix: "Connect it to a consumer or a transformer, or remove it." });
        }
        topicChecks(n, add, label);
        break;
      }
      case "dlq": {
        if (!inE.some((e) => e.kind === "deadLetters")) {
          add({ severity: "warning", code: "dlq-no-source", nodeId: n.id, message: `${label(n)} receives dead letters from nothing.`, fix: "Link a consumer or transformer to it as its dead-letter queue, or remove it." });
        }
        topicChecks(n, add, label);
        break;
      }
      case "producer": {
        if (!outE.some((e) => e.kind === "publishes")) {
          add({ severity: "warning", code: "producer-no-output", nodeId: n.id, message: `${label(n)} publishes to no topic.`, fix: "Connect it to the topic it writes to." });
        }
        break;
      }
      case "transformer":
      case "consumer": {
        if (!n.groupId.trim()) {
          add({ severity: "error", code: "consumer-no-group", nodeId: n.id, message: `${label(n)} has no consumer group id.`, fix: `Set its group id, e.g. “${n.appName || n.name}”.` });
        }
        const subs = inE.filter((e) => e.kind === "subscribes");
        if (!subs.length) {
          add({ severity: "warning", code: "no-subscription", nodeId: n.id, message: `${label(n)} reads from no topic.`, fix: "Connect a topic to it." });
        }
        if (n.kind === "transformer" && !outE.some((e) => e.kind === "emits")) {
          add({ severity: "error", code: "transformer-no-output", nodeId: n.id, message: `${label(n)} emits to no topic.`, fix: "Connect it to the topic it writes its commands or events to." });
        }
        for (const e of subs) {
          const t = byId.get(e.source);
          if (t && isTopicLike(t) && n.concurrency > t.partitions) {
            add({
              severity: "warning",
              code: "concurrency-above-partitions",
              nodeId: n.id,
              message: `${label(n)} runs ${n.concurrency} consumers but “${t.name}” has ${t.partitions} partition${t.partitions === 1 ? "" : "s"}; ${n.concurrency - t.partitions} would sit idle.`,
              fix: `Lower its concurrency to ${t.partitions}, or give “${t.name}” more partitions.`,
            });
          }
        }
        if (n.retry.maxAttempts > 1 && !outE.some((e) => e.kind === "deadLetters")) {
          add({ severity: "warning", code: "no-dlq", nodeId: n.id, message: `${label(n)} retries ${n.retry.maxAttempts} times but has no dead-letter queue, so a poison record blocks its partition.`, fix: "Add a dead-letter queue and link it." });
        }
        break;
      }
      case "external":
        break;
    }
  }

  // Schemas along edges: each application's own view of a message must agree with the topic's.
  for (const e of doc.edges) {
    if (!e.schema) continue;
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    const topic = isTopicLike(t) ? t : isTopicLike(s) ? s : null;
    const app = topic === t ? s : t;
    if (!topic) continue;
    const msgs = e.message ? topic.messages.filter((m) => m.name === e.message) : topic.messages;
    for (const m of msgs) {
      if (m.schemaFormat) continue; // Avro and other formats are not compared here
      const writing = e.kind === "publishes" || e.kind === "emits";
      const problems = writing ? schemaCompat(e.schema, m.payload) : schemaCompat(m.payload, e.schema);
      for (const p of problems) {
        const what =
          p.problem === "type"
            ? `field ${p.path} is ${p.detail}`
            : writing
              ? `field ${p.path} is required by “${topic.name}” (${m.name}) but ${p.problem === "missing" ? "not sent" : "optional"} by “${app.name}”`
              : `field ${p.path} is required by “${app.name}” but ${p.problem === "missing" ? "not in" : "optional in"} “${topic.name}” (${m.name})`;
        add({
          severity: "error",
          code: "schema-incompatible",
          nodeId: app.id,
          edgeId: e.id,
          message: `Incompatible schema between ${label(app)} and “${topic.name}”: ${what}.`,
          fix: p.problem === "type" ? "Use the same type on both sides, or add a new field instead of changing the type." : writing ? `Make “${app.name}” always send ${p.path}.` : `Make ${p.path} optional for “${app.name}”, or required in “${topic.name}”.`,
        });
      }
    }
  }

  for (const cycle of cycles(doc)) {
    const names = cycle.map((id) => byId.get(id)!.name);
    add({
      severity: "warning",
      code: "cycle",
      nodeId: cycle[0],
      message: `Records can loop forever through ${names.map((x) => `“${x}”`).join(", ")}.`,
      fix: "Break the loop, or make sure one step filters out what it has already processed.",
    });
  }
  return out;
}

function topicChecks(n: TopicLike, add: (d: Omit<Diagnostic, "id">) => void, label: (n: FlowNode) => string) {
  if (n.kind === "topic" && !n.messages.length) {
    add({ severity: "warning", code: "topic-no-messages", nodeId: n.id, message: `${label(n)} declares no message type.`, fix: "Add a message type with its payload schema." });
  }
  const checks: Array<[string, JsonSchema]> = [["key schema", n.keySchema]];
  for (const m of n.messages) {
    if (!m.schemaFormat) checks.push([`payload of ${m.name}`, m.payload]);
    checks.push([`headers of ${m.name}`, m.headers]);
  }
  for (const [what, schema] of checks) {
    const problems = jsonSchemaProblems(schema);
    if (problems.length) {
      add({ severity: "error", code: "invalid-json-schema", nodeId: n.id, message: `${label(n)}: the ${what} is not a valid JSON Schema (${problems[0]}).`, fix: "Correct the schema in the properties panel." });
    }
  }
}

/** Strongly connected components of more than one node (or a self-loop), by iterative Tarjan. */
export function cycles(doc: FlowDoc): string[][] {
  const adj = new Map<string, string[]>();
  for (const n of doc.nodes) adj.set(n.id, []);
  for (const e of doc.edges) if (e.kind !== "deadLetters") adj.get(e.source)?.push(e.target);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  for (const start of adj.keys()) {
    if (idx.has(start)) continue;
    const work: Array<{ v: string; i: number }> = [{ v: start, i: 0 }];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const next = adj.get(frame.v)![frame.i++];
      if (next !== undefined) {
        if (!idx.has(next)) {
          idx.set(next, index);
          low.set(next, index++);
          stack.push(next);
          onStack.add(next);
          work.push({ v: next, i: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.v, Math.min(low.get(frame.v)!, idx.get(next)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(frame.v)!));
      if (low.get(frame.v) === idx.get(frame.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== frame.v);
        if (comp.length > 1 || adj.get(frame.v)!.includes(frame.v)) result.push(comp.reverse());
      }
    }
  }
  return result;
}

export const hasErrors = (ds: readonly Diagnostic[]) => ds.some((d) => d.severity === "error");
