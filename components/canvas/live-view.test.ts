import { describe, expect, it } from "vitest";
import { orderFulfilmentFlow } from "@/server/flow/samples/order-fulfilment";
import { liveView } from "./live-view";
import { createProjector } from "./to-react-flow";

const group = {
  kind: "group" as const,
  groupId: "payment",
  found: true,
  status: "WARN" as const,
  state: "Stable",
  members: 3,
  totalLag: 12_345,
  maxTimeLagMs: 185_000,
  partitionsWithoutCommit: 1,
};

describe("liveView", () => {
  it("shows a group's status, lag in messages and in time, and says it all in words", () => {
    const v = liveView(group, false)!;
    expect(v.line).toBe("WARN · lag 12,345 · 3 min 5 s");
    expect(v.tone).toBe("warn");
    expect(v.label).toBe("Status WARN; lag 12,345 messages, 3 min 5 s behind; 3 members, 1 partition without a commit");
  });

  it("says when a designed group or topic is missing from the cluster, and never shows unknown lag as 0", () => {
    expect(liveView({ ...group, found: false, status: "NOTFOUND", totalLag: null }, false)!.line).toBe("group not running");
    expect(liveView({ ...group, totalLag: null, maxTimeLagMs: null, status: "OK" }, false)!.line).toBe("OK · lag — · —");
    expect(liveView({ kind: "topic", topic: "orders", found: false, rate: null, partitions: 0 }, false)!.line).toBe("topic not on cluster");
  });

  it("marks a DLQ that is receiving dead letters, and one that holds old ones", () => {
    expect(liveView({ kind: "dlq", topic: "orders.dlq", found: true, depth: 42, rate: 0.4 }, false)).toMatchObject({ line: "42 dead letters · +0.4 msg/s", tone: "err" });
    expect(liveView({ kind: "dlq", topic: "orders.dlq", found: true, depth: 42, rate: 0 }, false)).toMatchObject({ line: "42 dead letters · none new", tone: "warn" });
    expect(liveView({ kind: "dlq", topic: "orders.dlq", found: true, depth: 0, rate: 0 }, false)).toMatchObject({ tone: "ok" });
  });

  it("greys out the last known figures while the cluster is unreachable", () => {
    const v = liveView(group, true)!;
    expect(v.tone).toBe("none");
    expect(v.label).toContain("last known");
  });
});

describe("projecting live figures onto the canvas", () => {
  it("puts each node's live line in its data, and re-creates only nodes whose figures changed", () => {
    const doc = orderFulfilmentFlow();
    const project = createProjector();
    const payment = doc.nodes.find((n) => n.name === "payment")!;
    const fulfilment = doc.nodes.find((n) => n.name === "fulfilment")!;
    const first = project(doc, new Set(), new Map(), new Map([[payment.id, liveView(group, false)!], [fulfilment.id, liveView({ ...group, status: "OK" }, false)!]]));
    expect(first.nodes.find((n) => n.id === payment.id)!.data.live!.line).toBe("WARN · lag 12,345 · 3 min 5 s");
    // The next poll: payment's lag moved, fulfilment's did not.
    const second = project(doc, new Set(), new Map(), new Map([[payment.id, liveView({ ...group, totalLag: 13_000 }, false)!], [fulfilment.id, liveView({ ...group, status: "OK" }, false)!]]));
    expect(second.nodes.find((n) => n.id === payment.id)).not.toBe(first.nodes.find((n) => n.id === payment.id));
    expect(second.nodes.find((n) => n.id === fulfilment.id)).toBe(first.nodes.find((n) => n.id === fulfilment.id));
    // Back to Design mode: no live figures.
    expect(project(doc, new Set(), new Map()).nodes.every((n) => n.data.live === undefined)).toBe(true);
  });
});
