// The canvas is a projection of the flow document: this turns (doc, selection, lint) into React
// Flow's nodes and edges. Pure and cached per document node, so a change to one node re-creates
// one React Flow node and React Flow re-renders only that one.
import type { Edge, Node } from "@xyflow/react";
import { NODE_SIZE } from "@/server/flow/layout";
import type { EdgeKind, FlowDoc, FlowEdge, FlowNode, NodeKind } from "@/server/flow/model";
import type { Diagnostic } from "@/server/flow/validate";
import type { NodeLiveView } from "./live-view";

export interface FlowNodeData extends Record<string, unknown> {
  kind: NodeKind;
  name: string;
  subtitle: string;
  errors: number;
  warnings: number;
  /** Observe mode: the node's live figures. */
  live?: NodeLiveView;
  /** Observe mode, a trace picked: whether the trace went through this node, and its failed spans here. */
  trace?: { lit: boolean; errors: number };
}

/** Observe mode's trace layer: the picked trace's path, and publish→consume latency labels on edges. */
export interface TraceLayer {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
  errors: Readonly<Record<string, number>>;
  /** Edge id → "p50 12 ms · p95 40 ms". */
  labels: ReadonlyMap<string, string>;
  /** A trace is picked (otherwise only labels show). */
  active: boolean;
}
export type CanvasNode = Node<FlowNodeData, NodeKind>;
export type CanvasEdge = Edge<{ kind: EdgeKind }>;


export function subtitleOf(n: FlowNode): string {
  switch (n.kind) {
    case "topic":
    case "dlq":
      return `${n.partitions} partition${n.partitions === 1 ? "" : "s"} · ${n.cleanupPolicy}`;
    case "consumer":
    case "transformer":
      return n.groupId ? `group ${n.groupId}` : "no group id";
    case "producer":
      return n.appName || "producer";
    case "external":
      return n.system || "external system";
  }
}

export function lintCounts(diagnostics: readonly Diagnostic[]): Map<string, { errors: number; warnings: number }> {
  const m = new Map<string, { errors: number; warnings: number }>();
  for (const d of diagnostics) {
    if (!d.nodeId) continue;
    const c = m.get(d.nodeId) ?? { errors: 0, warnings: 0 };
    if (d.severity === "error") c.errors++;
    else c.warnings++;
    m.set(d.nodeId, c);
  }
  return m;
}

type TraceMark = { lit: boolean; errors: number } | undefined;
type NodeKey = { node: FlowNode; selected: boolean; errors: number; warnings: number; live: NodeLiveView | undefined; trace: TraceMark };

const sameLive = (a: NodeLiveView | undefined, b: NodeLiveView | undefined) => a === b || (!!a && !!b && a.line === b.line && a.tone === b.tone && a.label === b.label);

/** A projector that remembers its previous output, returning the same objects for unchanged nodes. */
export function createProjector() {
  let nodeCache = new Map<string, { key: NodeKey; out: CanvasNode }>();
  let edgeCache = new Map<string, { edge: FlowEdge; selected: boolean; lit: boolean; label: string | undefined; out: CanvasEdge }>();
  let lastNodes: CanvasNode[] = [];
  let lastEdges: CanvasEdge[] = [];
  // The same array when nothing in it changed, so React Flow skips its pass over every node.
  const same = <T,>(prev: T[], next: T[]) => (prev.length === next.length && next.every((x, i) => x === prev[i]) ? prev : next);

  return function project(
    doc: FlowDoc,
    selection: ReadonlySet<string>,
    counts: Map<string, { errors: number; warnings: number }>,
    live?: ReadonlyMap<string, NodeLiveView>,
    trace?: TraceLayer,
  ): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
    const nextNodes = new Map<string, { key: NodeKey; out: CanvasNode }>();
    const nodes = doc.nodes.map((n) => {
      const c = counts.get(n.id);
      const mark: TraceMark = trace?.active ? { lit: trace.nodes.has(n.id), errors: trace.errors[n.id] ?? 0 } : undefined;
      const key: NodeKey = { node: n, selected: selection.has(n.id), errors: c?.errors ?? 0, warnings: c?.warnings ?? 0, live: live?.get(n.id), trace: mark };
      const prev = nodeCache.get(n.id);
      const same =
        prev &&
        prev.key.node === key.node &&
        prev.key.selected === key.selected &&
        prev.key.errors === key.errors &&
        prev.key.warnings === key.warnings &&
        // A poll that changed nothing on a node does not re-render it.
        sameLive(prev.key.live, key.live) &&
        prev.key.trace?.lit === key.trace?.lit &&
        prev.key.trace?.errors === key.trace?.errors;
      const out: CanvasNode = same
        ? prev.out
        : {
            id: n.id,
            type: n.kind,
            position: n.position,
            selected: key.selected,
            // Fixed size: React Flow knows every node's box before measuring, so a 1,000-node flow
            // renders in one pass instead of two. `measured` must be set too: without it React Flow
            // forgets a changed node's handle positions, and its edges vanish until it is resized.
            width: NODE_SIZE.width,
            height: NODE_SIZE.height,
            measured: NODE_SIZE,
            data: { kind: n.kind, name: n.name, subtitle: subtitleOf(n), errors: key.errors, warnings: key.warnings, ...(key.live ? { live: key.live } : {}), ...(mark ? { trace: mark } : {}) },
          };
      nextNodes.set(n.id, { key, out });
      return out;
    });
    nodeCache = nextNodes;

    const nextEdges = new Map<string, { edge: FlowEdge; selected: boolean; lit: boolean; label: string | undefined; out: CanvasEdge }>();
    const edges = doc.edges.map((e) => {
      const selected = selection.has(e.id);
      const lit = !!trace?.active && trace.edges.has(e.id);
      const label = trace?.labels.get(e.id);
      const prev = edgeCache.get(e.id);
      const out: CanvasEdge =
        prev && prev.edge === e && prev.selected === selected && prev.lit === lit && prev.label === label
          ? prev.out
          : {
              id: e.id,
              source: e.source,
              target: e.target,
              selected,
              className: `edge-${e.kind}${lit ? " trace-lit" : ""}`,
              data: { kind: e.kind },
              ariaLabel: `${e.kind} edge${label ? `, publish to consume ${label}` : ""}${lit ? ", on the picked trace" : ""}`,
              ...(label ? { label } : {}),
              ...(lit ? { animated: true } : {}),
            };
      nextEdges.set(e.id, { edge: e, selected, lit, label, out });
      return out;
    });
    edgeCache = nextEdges;
    lastNodes = same(lastNodes, nodes);
    lastEdges = same(lastEdges, edges);
    return { nodes: lastNodes, edges: lastEdges };
  };
}
