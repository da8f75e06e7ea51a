// Operations on the flow document: (doc, args) => doc. The canvas, the API and the importers
// change a flow only through these, so the connection rules hold everywhere.
import {
  flowNodeSchema,
  isApp,
  isConsuming,
  isTopicLike,
  KIND_LABELS,
  type EdgeKind,
  type FlowDoc,
  type FlowEdge,
  type FlowNode,
  type NodeKind,
} from "./model";

export type OpResult = { ok: true; doc: FlowDoc } | { ok: false; reason: string };

const DEFAULT_NAMES: Record<NodeKind, string> = {
  producer: "producer",
  topic: "topic",
  transformer: "transformer",
  consumer: "consumer",
  dlq: "topic.dlq",
  external: "external-system",
};

/** A name not yet used by any node of the flow: base, base-2, base-3… */
export function uniqueName(doc: FlowDoc, base: string): string {
  const taken = new Set(doc.nodes.map((n) => n.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** A node of the given kind with every default filled in. */
export function createNode(doc: FlowDoc, kind: NodeKind, id: string, position = { x: 0, y: 0 }, name?: string): FlowNode {
  const n = name ?? uniqueName(doc, DEFAULT_NAMES[kind]);
  const app = kind === "producer" || kind === "transformer" || kind === "consumer";
  const extra: Record<string, unknown> = app ? { appName: n, clientId: n } : {};
  if (kind === "transformer" || kind === "consumer") extra.groupId = n;
  if (kind === "topic") extra.messages = [{ name: "Message", payload: { type: "object", properties: {} } }];
  if (kind === "dlq") extra.messages = [{ name: "DeadLetter", payload: {}, contentType: "application/octet-stream" }];
  return flowNodeSchema.parse({ kind, id, name: n, position, ...extra });
}

export function addNode(doc: FlowDoc, node: FlowNode): FlowDoc {
  if (doc.nodes.some((n) => n.id === node.id)) throw new Error(`A node with id ${node.id} already exists`);
  return { ...doc, nodes: [...doc.nodes, node] };
}

/** Replaces fields of a node; the result is validated against the node's schema. */
export function updateNode(doc: FlowDoc, id: string, patch: Record<string, unknown>): OpResult {
  const i = doc.nodes.findIndex((n) => n.id === id);
  if (i < 0) return { ok: false, reason: "That node no longer exists" };
  const current = doc.nodes[i]!;
  const parsed = flowNodeSchema.safeParse({ ...current, ...patch, id: current.id, kind: current.kind });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join(".") || "node"}: ${issue.message}` };
  }
  const nodes = doc.nodes.slice();
  nodes[i] = parsed.data;
  return { ok: true, doc: { ...doc, nodes } };
}

/**
 * Renames a node. Application fields that still carry the old name (as new nodes start out)
 * follow the rename; ones the user set differently are left alone.
 */
export function renameNode(doc: FlowDoc, id: string, name: string): OpResult {
  const node = doc.nodes.find((n) => n.id === id);
  if (!node) return { ok: false, reason: "That node no longer exists" };
  const patch: Record<string, unknown> = { name };
  if (node.kind === "producer" || node.kind === "transformer" || node.kind === "consumer") {
    if (node.appName === node.name) patch.appName = name;
    if (node.clientId === node.name) patch.clientId = name;
  }
  if ((node.kind === "transformer" || node.kind === "consumer") && node.groupId === node.name) patch.groupId = name;
  return updateNode(doc, id, patch);
}

export function moveNodes(doc: FlowDoc, positions: Record<string, { x: number; y: number }>): FlowDoc {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    const p = positions[n.id];
    if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
    changed = true;
    return { ...n, position: { x: p.x, y: p.y } };
  });
  return changed ? { ...doc, nodes } : doc;
}

/** Removes nodes and edges; edges touching a removed node go with it. */
export function removeElements(doc: FlowDoc, sel: { nodeIds?: readonly string[]; edgeIds?: readonly string[] }): FlowDoc {
  const nodeIds = new Set(sel.nodeIds ?? []);
  const edgeIds = new Set(sel.edgeIds ?? []);
  if (!nodeIds.size && !edgeIds.size) return doc;
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !nodeIds.has(n.id)),
    edges: doc.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target)),
  };
}

/**
 * The connection rules. Data flows along edges: producer → topic → consumer, topic → transformer → topic,
 * consumer/transformer → DLQ. Returns the edge kind, or why the connection is refused.
 */
export function edgeKindFor(source: FlowNode, target: FlowNode): { kind: EdgeKind } | { reason: string } {
  const s = source.kind;
  const t = target.kind;
  if (source.id === target.id) return { reason: "A node cannot connect to itself." };
  if ((s === "producer" || s === "external") && t === "topic") return { kind: "publishes" };
  if (s === "transformer" && t === "topic") return { kind: "emits" };
  if (isTopicLike(source) && (isConsuming(target) || t === "external")) return { kind: "subscribes" };
  if (isConsuming(source) && t === "dlq") return { kind: "deadLetters" };

  if (isApp(source) && isApp(target)) {
    return {
      reason: `A ${KIND_LABELS[s].toLowerCase()} cannot send straight to a ${KIND_LABELS[t].toLowerCase()}: put a topic between them.`,
    };
  }
  if (isTopicLike(source) && isTopicLike(target)) {
    return { reason: "Topics do not connect to topics: add a transformer that reads one and emits to the other." };
  }
  if (s === "consumer" && t === "topic") {
    return { reason: "A consumer only reads. To write to a topic, use a transformer." };
  }
  if ((s === "producer" || s === "external") && t === "dlq") {
    return { reason: "Dead-letter queues receive failed records from consumers and transformers, not from producers." };
  }
  if (isTopicLike(source) && t === "producer") {
    return { reason: "A producer does not read from topics. Connect the topic to a consumer or transformer." };
  }
  return { reason: `A ${KIND_LABELS[s].toLowerCase()} cannot connect to a ${KIND_LABELS[t].toLowerCase()}.` };
}

export function connect(doc: FlowDoc, sourceId: string, targetId: string, edgeId: string): OpResult {
  const source = doc.nodes.find((n) => n.id === sourceId);
  const target = doc.nodes.find((n) => n.id === targetId);
  if (!source || !target) return { ok: false, reason: "Both ends must be nodes of this flow." };
  const rule = edgeKindFor(source, target);
  if ("reason" in rule) return { ok: false, reason: rule.reason };
  if (doc.edges.some((e) => e.source === sourceId && e.target === targetId)) {
    return { ok: false, reason: `${source.name} is already connected to ${target.name}.` };
  }
  if (rule.kind === "deadLetters" && doc.edges.some((e) => e.kind === "deadLetters" && e.source === sourceId)) {
    return { ok: false, reason: `${source.name} already has a dead-letter queue; remove that link first.` };
  }
  const edge: FlowEdge = { id: edgeId, kind: rule.kind, source: sourceId, target: targetId };
  return { ok: true, doc: { ...doc, edges: [...doc.edges, edge] } };
}

export function updateEdge(doc: FlowDoc, edgeId: string, patch: Pick<Partial<FlowEdge>, "message" | "schema">): FlowDoc {
  return { ...doc, edges: doc.edges.map((e) => (e.id === edgeId ? { ...e, ...patch } : e)) };
}

/** The DLQ an application dead-letters to (its deadLetters edge), if any. */
export function dlqTargetOf(doc: FlowDoc, appId: string): string | null {
  return doc.edges.find((e) => e.kind === "deadLetters" && e.source === appId)?.target ?? null;
}

/** Points an application's dead letters at a DLQ (or nowhere), keeping one deadLetters edge. */
export function setDlqTarget(doc: FlowDoc, appId: string, dlqId: string | null, edgeId: string): OpResult {
  const without = { ...doc, edges: doc.edges.filter((e) => !(e.kind === "deadLetters" && e.source === appId)) };
  return dlqId ? connect(without, appId, dlqId, edgeId) : { ok: true, doc: without };
}

export function updateFlowMeta(doc: FlowDoc, meta: Partial<Pick<FlowDoc, "name" | "description" | "version">>): FlowDoc {
  return { ...doc, ...meta };
}

export interface Clipboard {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** The selected nodes and the edges among them, ready to paste. */
export function copySelection(doc: FlowDoc, nodeIds: readonly string[]): Clipboard {
  const ids = new Set(nodeIds);
  return {
    nodes: doc.nodes.filter((n) => ids.has(n.id)),
    edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

/** Pastes copies with fresh ids, unique names and an offset; returns the new doc and the new node ids. */
export function paste(doc: FlowDoc, clip: Clipboard, newId: () => string, offset = { x: 40, y: 40 }): { doc: FlowDoc; nodeIds: string[] } {
  const idMap = new Map<string, string>();
  let next = doc;
  for (const n of clip.nodes) {
    const id = newId();
    idMap.set(n.id, id);
    const copy = { ...n, id, name: uniqueName(next, n.name), position: { x: n.position.x + offset.x, y: n.position.y + offset.y } };
    next = addNode(next, copy);
  }
  const edges = clip.edges.map((e) => ({ ...e, id: newId(), source: idMap.get(e.source)!, target: idMap.get(e.target)! }));
  return { doc: { ...next, edges: [...next.edges, ...edges] }, nodeIds: [...idMap.values()] };
}
