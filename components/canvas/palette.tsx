"use client";
import { KIND_LABELS, type NodeKind } from "@/server/flow/model";

export const DRAG_MIME = "application/x-flowlens-kind";
const ITEMS: NodeKind[] = ["producer", "topic", "transformer", "consumer", "dlq", "external"];

/** Drag an item onto the canvas, or press it to add one in the middle of the view. */
export function Palette({ onAdd }: { onAdd: (kind: NodeKind) => void }) {
  return (
    <aside className="palette" aria-label="Palette">
      <h2>Add</h2>
      {ITEMS.map((kind) => (
        <button
          key={kind}
          type="button"
          draggable
          className={`palette-item fl-${kind}`}
          onDragStart={(e) => {
            e.dataTransfer.setData(DRAG_MIME, kind);
            e.dataTransfer.effectAllowed = "move";
          }}
          onClick={() => onAdd(kind)}
        >
          {KIND_LABELS[kind]}
        </button>
      ))}
      <p className="muted small">Drag onto the canvas, then connect right-hand handles to left-hand ones.</p>
    </aside>
  );
}
