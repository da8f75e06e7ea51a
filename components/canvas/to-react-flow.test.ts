import { describe, expect, it } from "vitest";
import { updateNode } from "@/server/flow/operations";
import { orderFulfilmentFlow } from "@/server/flow/samples/order-fulfilment";
import { createProjector, lintCounts } from "./to-react-flow";

describe("to-react-flow", () => {
  const doc = orderFulfilmentFlow();

  it("projects every node and edge with display data only", () => {
    const { nodes, edges } = createProjector()(doc, new Set(), new Map());
    expect(nodes).toHaveLength(7);
    expect(edges).toHaveLength(6);
    expect(nodes.find((n) => n.id === "orders")).toMatchObject({
      type: "topic",
      width: 200,
      height: 72,
      measured: { width: 200, height: 72 },
      data: { kind: "topic", name: "orders", subtitle: "3 partitions · delete", errors: 0, warnings: 0 },
    });
    expect(nodes.find((n) => n.id === "fulfilment")!.data.subtitle).toBe("group fulfilment");
    expect(edges.find((e) => e.id === "e6")).toMatchObject({ source: "fulfilment", target: "orders-dlq", className: "edge-deadLetters" });
  });

  it("re-creates only the nodes that changed", () => {
    const project = createProjector();
    const a = project(doc, new Set(), new Map());
    const r = updateNode(doc, "payment", { groupId: "" });
    if (!r.ok) throw new Error(r.reason);
    const b = project(r.doc, new Set(["orders"]), lintCounts([{ id: "x", severity: "error", code: "c", nodeId: "payment", message: "", fix: "" }]));
    const changed = b.nodes.filter((n, i) => n !== a.nodes[i]).map((n) => n.id);
    expect(changed.sort()).toEqual(["orders", "payment"]);
    expect(b.nodes.find((n) => n.id === "payment")!.data).toMatchObject({ errors: 1, subtitle: "no group id" });
    expect(b.nodes.find((n) => n.id === "orders")!.selected).toBe(true);
    expect(b.edges).toBe(a.edges); // nothing changed: the very same array
    expect(project(r.doc, new Set(["orders"]), new Map()).nodes).not.toBe(b.nodes); // lint cleared on payment
  });
});
