import { describe, expect, it } from "vitest";
import { orderFulfilmentFlow } from "../flow/samples/order-fulfilment";
import { ClusterMonitor, recordId, type OffsetsSnapshot } from "./monitor";
import { designedGroupId, designedTopics, flowOverlay } from "./overlay";

const S = 1000;
const T0 = 1_700_000_000_000;

/** A poll at t seconds: one group on "orders" (2 partitions) plus the DLQ's log. */
function poll(t: number, ends: [number, number], committed: [number | null, number | null], extra: Partial<OffsetsSnapshot> = {}): OffsetsSnapshot {
  return {
    atMs: T0 + t * S,
    groups: [
      {
        groupId: "billing",
        state: "Stable",
        members: [{ memberId: "m1", clientId: "billing-1", host: "/10.0.0.1" }],
        offsets: [
          { topic: "orders", partition: 1, committed: committed[1] },
          { topic: "orders", partition: 0, committed: committed[0] },
        ],
      },
    ],
    topics: [
      { topic: "orders", partitions: [{ partition: 0, start: 0, end: ends[0] }, { partition: 1, start: 0, end: ends[1] }] },
      { topic: "orders.dlq", partitions: [{ partition: 0, start: 10, end: 25 }] },
    ],
    ...extra,
  };
}

describe("ClusterMonitor", () => {
  it("gives lag per partition, null (not 0) where the group never committed, and totals", () => {
    const m = new ClusterMonitor();
    const v = m.ingest(poll(0, [100, 50], [90, null]));
    const g = v.groups[0]!;
    expect(g.partitions.map((p) => [p.partition, p.lag])).toEqual([
      [0, 10],
      [1, null],
    ]);
    expect(g.totalLag).toBe(10);
    expect(g.partitionsWithoutCommit).toBe(1);
    expect(g.partitions[1]!.status).toBe("NOTFOUND");
    expect(g.members).toHaveLength(1);
  });

  it("measures msgs/s per topic and partition, and a DLQ's depth", () => {
    const m = new ClusterMonitor();
    m.ingest(poll(0, [100, 50], [100, 50]));
    expect(m.view().topics.find((t) => t.topic === "orders")!.rate).toBeNull();
    const v = m.ingest(poll(5, [150, 60], [150, 60]));
    const orders = v.topics.find((t) => t.topic === "orders")!;
    expect(orders.partitions.map((p) => p.rate)).toEqual([10, 2]);
    expect(orders.rate).toBe(12);
    expect(v.topics.find((t) => t.topic === "orders.dlq")!.depth).toBe(15);
  });

  it("takes time lag from the record's timestamp when known, and interpolates it from past log ends otherwise", () => {
    const m = new ClusterMonitor();
    // The log end reached 100 at t=0 and 200 at t=10 s; at t=20 s the group sits at 150.
    m.ingest(poll(0, [100, 0], [100, null]));
    m.ingest(poll(10, [200, 0], [120, null]));
    const interpolated = m.ingest(poll(20, [300, 0], [150, null])).groups[0]!.partitions[0]!;
    expect(interpolated.timeLagSource).toBe("interpolated");
    expect(interpolated.timeLagMs).toBe(15 * S); // offset 150 was written at t=5 s

    const stamped = m.ingest(poll(25, [300, 0], [150, null]), new Map([[recordId("orders", 0, 150), T0 + 4 * S]])).groups[0]!.partitions[0]!;
    expect(stamped.timeLagSource).toBe("record");
    expect(stamped.timeLagMs).toBe(21 * S);
  });

  it("says STALL when the group keeps its offset while records arrive, once the window is full, and ERR for the group", () => {
    const m = new ClusterMonitor({ windowSize: 3 });
    let v = m.ingest(poll(0, [100, 10], [80, 10]));
    v = m.ingest(poll(5, [120, 10], [80, 10]));
    expect(v.groups[0]!.partitions[0]!.status).toBe("OK"); // window not full yet: can't tell
    v = m.ingest(poll(10, [140, 10], [80, 10]));
    expect(v.groups[0]!.partitions[0]!.status).toBe("STALL");
    expect(v.groups[0]!.status).toBe("ERR");
  });

  it("says WARN when the group moves but its lag keeps growing", () => {
    const m = new ClusterMonitor({ windowSize: 3 });
    m.ingest(poll(0, [100, 10], [90, 10]));
    m.ingest(poll(5, [130, 10], [100, 10]));
    const v = m.ingest(poll(10, [160, 10], [110, 10]));
    expect(v.groups[0]!.partitions[0]!.status).toBe("WARN");
    expect(v.groups[0]!.status).toBe("WARN");
    expect(v.groups[0]!.partitions[0]!.consumeRate).toBe(2);
  });

  it("keeps lag history per group and partition for charts", () => {
    const m = new ClusterMonitor();
    m.ingest(poll(0, [100, 10], [90, 10]));
    m.ingest(poll(60, [200, 10], [150, 10]));
    const total = m.lagSeries({ group: "billing" }, T0 - 60 * S, T0 + 120 * S);
    expect(total.map((p) => p.lastLag)).toEqual([10, 50]);
    expect(m.lagSeries({ group: "billing", topic: "orders", partition: 0 }, T0 - 60 * S, T0 + 120 * S).map((p) => p.maxLag)).toEqual([10, 50]);
  });
});

describe("flowOverlay", () => {
  const doc = orderFulfilmentFlow();
  const byName = (name: string) => doc.nodes.find((n) => n.name === name)!;

  it("runs a consumer as its group id, falling back to its app name as the stubs do", () => {
    expect(designedGroupId(byName("fulfilment"))).toBeTruthy();
    const noGroup = { ...byName("payment"), groupId: "  " } as (typeof doc.nodes)[number];
    expect(designedGroupId(noGroup)).toBe("payment");
    expect(designedGroupId(byName("orders"))).toBeNull();
    expect(designedTopics(doc)).toEqual(["orders", "orders.dlq", "orders.enriched"]);
  });

  it("puts each group's lag on its node, msgs/s on topics, depth on DLQs, and flags groups outside the design", () => {
    const fulfilmentGroup = designedGroupId(byName("fulfilment"))!;
    const m = new ClusterMonitor();
    const snapshot = (t: number, end: number): OffsetsSnapshot => ({
      atMs: T0 + t * S,
      groups: [
        { groupId: fulfilmentGroup, state: "Stable", members: [], offsets: [{ topic: "orders.enriched", partition: 0, committed: 40 }] },
        { groupId: "audit-tool", state: "Stable", members: [], offsets: [{ topic: "orders", partition: 0, committed: 5 }] },
        { groupId: "elsewhere", state: "Stable", members: [], offsets: [{ topic: "unrelated", partition: 0, committed: 1 }] },
      ],
      topics: [
        { topic: "orders", partitions: [{ partition: 0, start: 0, end }] },
        { topic: "orders.enriched", partitions: [{ partition: 0, start: 0, end: 100 }] },
        { topic: "orders.dlq", partitions: [{ partition: 0, start: 0, end: 7 }] },
        { topic: "unrelated", partitions: [{ partition: 0, start: 0, end: 1 }] },
      ],
    });
    m.ingest(snapshot(0, 50));
    const o = flowOverlay(doc, m.ingest(snapshot(10, 100)));
    expect(o.nodes[byName("fulfilment").id]).toMatchObject({ kind: "group", found: true, totalLag: 60, state: "Stable" });
    expect(o.nodes[byName("payment").id]).toMatchObject({ kind: "group", found: false, status: "NOTFOUND", totalLag: null });
    expect(o.nodes[byName("orders").id]).toMatchObject({ kind: "topic", found: true, rate: 5 });
    expect(o.nodes[byName("orders.dlq").id]).toMatchObject({ kind: "dlq", found: true, depth: 7, rate: 0 });
    expect(o.undesignedGroups.map((g) => [g.groupId, g.topics])).toEqual([["audit-tool", ["orders"]]]);
  });

  it("treats a Dead group with no offsets as not found", () => {
    const fulfilmentGroup = designedGroupId(byName("fulfilment"))!;
    const m = new ClusterMonitor();
    const v = m.ingest({ atMs: T0, groups: [{ groupId: fulfilmentGroup, state: "Dead", members: [], offsets: [] }], topics: [] });
    expect(flowOverlay(doc, v).nodes[byName("fulfilment").id]).toMatchObject({ found: false, status: "NOTFOUND" });
  });
});
