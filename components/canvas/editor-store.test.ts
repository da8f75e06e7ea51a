import { describe, expect, it } from "vitest";
import { moveNodes, updateNode } from "@/server/flow/operations";
import { orderFulfilmentFlow } from "@/server/flow/samples/order-fulfilment";
import { EditorStore } from "./editor-store";

describe("EditorStore", () => {
  it("tracks unsaved changes against the last save", () => {
    const s = new EditorStore(orderFulfilmentFlow(), 1);
    expect(s.dirty).toBe(false);
    expect(s.applyResult((d) => updateNode(d, "payment", { concurrency: 2 }))).toBeNull();
    expect(s.dirty).toBe(true);
    s.savedAs(s.doc, 2);
    expect(s.dirty).toBe(false);
    expect(s.get().saved.version).toBe(2);
    s.undo();
    expect(s.dirty).toBe(true);
  });

  it("refuses invalid edits without changing the document", () => {
    const s = new EditorStore(orderFulfilmentFlow(), 1);
    const before = s.doc;
    expect(s.applyResult((d) => updateNode(d, "orders", { partitions: 0 }))).toMatch(/partitions/);
    expect(s.doc).toBe(before);
  });

  it("records a whole drag as one undo step", () => {
    const s = new EditorStore(orderFulfilmentFlow(), 1);
    const start = s.doc;
    for (let x = 1; x <= 5; x++) s.drag((d) => moveNodes(d, { orders: { x: x * 10, y: 0 } }));
    s.endDrag();
    expect(s.doc.nodes.find((n) => n.id === "orders")!.position).toEqual({ x: 50, y: 0 });
    s.undo();
    expect(s.doc).toBe(start);
    s.redo();
    expect(s.doc.nodes.find((n) => n.id === "orders")!.position.x).toBe(50);
  });

  it("notifies subscribers", () => {
    const s = new EditorStore(orderFulfilmentFlow(), 1);
    let calls = 0;
    const off = s.subscribe(() => calls++);
    s.select(["orders"]);
    s.select(["orders"]); // same selection: no change
    off();
    s.select([]);
    expect(calls).toBe(1);
  });
});
