"use client";
import { Handle, Position, useStore, type NodeProps, type NodeTypes } from "@xyflow/react";
import { memo } from "react";
import { KIND_LABELS, type NodeKind } from "@/server/flow/model";
import type { CanvasNode } from "../to-react-flow";

// Where data can enter (target, left) and leave (source, right) each kind of node.
const HANDLES: Record<NodeKind, { target: boolean; source: boolean }> = {
  producer: { target: false, source: true },
  topic: { target: true, source: true },
  transformer: { target: true, source: true },
  consumer: { target: true, source: true }, // source: its dead-letter queue
  dlq: { target: true, source: true }, // source: a reprocessing consumer
  external: { target: true, source: true },
};

// Below this zoom, text is unreadable: draw the node as a coloured box (far fewer elements to
// lay out and paint when a large flow is shown whole).
const DETAIL_ZOOM = 0.35;
const detailed = (s: { transform: [number, number, number] }) => s.transform[2] >= DETAIL_ZOOM;

export const FlowNodeView = memo(function FlowNodeView({ data, selected }: NodeProps<CanvasNode>) {
  const h = HANDLES[data.kind];
  const detail = useStore(detailed);
  const lint = data.errors ? "has-errors" : data.warnings ? "has-warnings" : "";
  const problems = [data.errors && `${data.errors} error${data.errors > 1 ? "s" : ""}`, data.warnings && `${data.warnings} warning${data.warnings > 1 ? "s" : ""}`]
    .filter(Boolean)
    .join(", ");
  const live = data.live;
  return (
    <div
      className={`fl-node fl-${data.kind} ${lint} ${selected ? "is-selected" : ""} ${live ? `is-live live-${live.tone}` : ""} ${data.trace ? (data.trace.lit ? "trace-lit" : "trace-dim") : ""}`}
      data-testid={`node-${data.kind}-${data.name}`}
      title={problems ? `${data.name}: ${problems}` : data.name}
    >
      {h.target && <Handle type="target" position={Position.Left} aria-label={`Connect into ${data.name}`} />}
      {detail && (
        <>
          <div className="fl-kind">{KIND_LABELS[data.kind]}</div>
          <div className="fl-name">{data.name}</div>
          {live ? (
            <div className="fl-live" data-testid={`live-${data.name}`} aria-label={live.label} title={live.label}>
              {live.line}
            </div>
          ) : (
            <div className="fl-sub">{data.subtitle}</div>
          )}
        </>
      )}
      {data.trace && data.trace.errors > 0 && (
        <div className="fl-badge trace-error" aria-label={`${data.trace.errors} failed span${data.trace.errors === 1 ? "" : "s"} in the picked trace`}>
          ✖ {data.trace.errors}
        </div>
      )}
      {problems && detail && !live && (
        <div className="fl-badge" aria-label={problems}>
          {data.errors ? `✖ ${data.errors}` : `⚠ ${data.warnings}`}
        </div>
      )}
      {h.source && <Handle type="source" position={Position.Right} aria-label={`Connect from ${data.name}`} />}
    </div>
  );
});

/** Registered once, outside any component, so React Flow never sees a new object. */
export const nodeTypes = {
  producer: FlowNodeView,
  topic: FlowNodeView,
  transformer: FlowNodeView,
  consumer: FlowNodeView,
  dlq: FlowNodeView,
  external: FlowNodeView,
} satisfies NodeTypes;
