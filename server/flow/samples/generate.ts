// Large, valid flows for benchmarks: producers → topics → transformers → topics → consumers,
// deterministic for a given size. Positions are a square-ish grid, so a fitted view shows it all.
import { emptyFlow, flowNodeSchema, type FlowDoc, type FlowEdge, type FlowNode } from "../model";
import { edgeKindFor } from "../operations";

export function generateFlow(nodeCount: number, edgeCount: number): FlowDoc {
  const doc = emptyFlow(`Generated ${nodeCount} nodes`);
  const n = { producer: Math.round(nodeCount * 0.2), topic: Math.round(nodeCount * 0.3), transformer: Math.round(nodeCount * 0.2) };
  const consumers = nodeCount - n.producer - n.topic - n.transformer;
  const nodes: FlowNode[] = [];
  const cols = Math.ceil(Math.sqrt(nodeCount * 2));
  const add = (kind: FlowNode["kind"], i: number) => {
    const k = nodes.length;
    nodes.push(
      flowNodeSchema.parse({
        kind,
        id: `${kind}-${i}`,
        name: `${kind}-${i}`,
        position: { x: (k % cols) * 260, y: Math.floor(k / cols) * 110 },
        ...(kind === "producer" || kind === "transformer" || kind === "consumer" ? { appName: `${kind}-${i}`, clientId: `${kind}-${i}` } : {}),
        ...(kind === "transformer" || kind === "consumer" ? { groupId: `${kind}-${i}`, retry: { maxAttempts: 1 } } : {}),
        ...(kind === "topic" ? { messages: [{ name: "Event", payload: { type: "object", properties: { id: { type: "string" } } } }] } : {}),
      }),
    );
  };
  for (let i = 0; i < n.producer; i++) add("producer", i);
  for (let i = 0; i < n.topic; i++) add("topic", i);
  for (let i = 0; i < n.transformer; i++) add("transformer", i);
  for (let i = 0; i < consumers; i++) add("consumer", i);

  const byId = new Map(nodes.map((x) => [x.id, x]));
  const edges: FlowEdge[] = [];
  const seen = new Set<string>();
  const link = (s: string, t: string) => {
    const key = `${s}>${t}`;
    const a = byId.get(s);
    const b = byId.get(t);
    if (!a || !b || seen.has(key)) return;
    const r = edgeKindFor(a, b);
    if (!("kind" in r)) return;
    seen.add(key);
    edges.push({ id: `e${edges.length}`, kind: r.kind, source: s, target: t });
  };
  const topic = (i: number) => `topic-${i % n.topic}`;
  for (let i = 0; i < n.producer; i++) link(`producer-${i}`, topic(i * 2));
  for (let i = 0; i < n.transformer; i++) {
    link(topic(i * 2), `transformer-${i}`);
    link(`transformer-${i}`, topic(i * 2 + 1));
  }
  for (let i = 0; i < consumers; i++) link(topic(i), `consumer-${i}`);
  // Extra subscriptions until the edge count is reached.
  for (let k = 1; edges.length < edgeCount && k < 50; k++) {
    for (let i = 0; i < consumers && edges.length < edgeCount; i++) link(topic(i + k * 7), `consumer-${i}`);
  }
  return { ...doc, nodes, edges };
}
