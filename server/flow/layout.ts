// Auto-layout: left-to-right layers in the direction data flows, by dagre.
import dagre from "@dagrejs/dagre";
import type { FlowDoc } from "./model";

export const NODE_SIZE = { width: 200, height: 72 };

export function layout(doc: FlowDoc): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes) g.setNode(n.id, { ...NODE_SIZE });
  for (const e of doc.edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out: Record<string, { x: number; y: number }> = {};
  for (const n of doc.nodes) {
    const p = g.node(n.id);
    // dagre gives centres; the canvas positions nodes by their top-left corner.
    out[n.id] = { x: Math.round(p.x - NODE_SIZE.width / 2), y: Math.round(p.y - NODE_SIZE.height / 2) };
  }
  return out;
}
