import { describe, expect, it } from "vitest";
import { buildWaterfall, latencyStats, parseTraceparent, percentile, publishConsumeLatencies, type PublishConsume, type TraceSpan } from "./traces";

const A = "a".repeat(32);
const B = "b".repeat(32);
const C = "c".repeat(32);
const T0 = 1_700_000_000_000n * 1_000_000n;
const ms = (n: number) => BigInt(Math.round(n * 1e6));

function span(p: Partial<TraceSpan> & { traceId: string; spanId: string }): TraceSpan {
  return {
    parentSpanId: null,
    name: p.spanId,
    kind: 1,
    service: "svc",
    startNs: T0,
    durationNs: ms(1),
    statusCode: 0,
    topic: null,
    consumerGroup: null,
    partition: null,
    offset: null,
    links: [],
    ...p,
  };
}

const sid = (n: number) => n.toString(16).padStart(16, "0");

describe("buildWaterfall", () => {
  it("orders rows parent first, children by start, with depth and offsets from the earliest span", () => {
    const spans = [
      span({ traceId: A, spanId: sid(3), parentSpanId: sid(1), startNs: T0 + ms(20), durationNs: ms(5), name: "late child" }),
      span({ traceId: A, spanId: sid(1), startNs: T0, durationNs: ms(100), name: "root" }),
      span({ traceId: A, spanId: sid(2), parentSpanId: sid(1), startNs: T0 + ms(10), durationNs: ms(30), name: "early child" }),
      span({ traceId: A, spanId: sid(4), parentSpanId: sid(2), startNs: T0 + ms(15), durationNs: ms(2), name: "grandchild" }),
    ];
    const w = buildWaterfall(A, spans);
    expect(w.rows.map((r) => [r.span.name, r.depth])).toEqual([
      ["root", 0],
      ["early child", 1],
      ["grandchild", 2],
      ["late child", 1],
    ]);
    expect(w.rows.map((r) => r.offsetMs)).toEqual([0, 10, 15, 20]);
    expect(w.rows[1]!.durationMs).toBe(30);
    expect(w.durationMs).toBe(100);
    expect(w.rows.every((r) => !r.linked && !r.orphan && !r.otherTrace)).toBe(true);
    expect(w.traceIds).toEqual([A]);
  });

  it("stitches a consumer trace under the producer span it links to, and says which trace each span came from", () => {
    const producer = span({ traceId: A, spanId: sid(2), parentSpanId: sid(1), kind: 4, service: "orders", name: "orders send", startNs: T0 + ms(1), topic: "orders" });
    const consumer = span({
      traceId: B,
      spanId: sid(10),
      kind: 5,
      service: "fulfilment",
      name: "orders process",
      startNs: T0 + ms(40),
      links: [{ traceId: A, spanId: sid(2) }],
    });
    const consumerChild = span({ traceId: B, spanId: sid(11), parentSpanId: sid(10), service: "fulfilment", name: "db write", startNs: T0 + ms(41) });
    const root = span({ traceId: A, spanId: sid(1), service: "orders", name: "POST /orders", startNs: T0, durationNs: ms(5) });

    // Asked for from either side, the same tree comes back.
    for (const asked of [A, B]) {
      const w = buildWaterfall(asked, [consumerChild, consumer, producer, root]);
      expect(w.rows.map((r) => [r.span.name, r.depth, r.linked])).toEqual([
        ["POST /orders", 0, false],
        ["orders send", 1, false],
        ["orders process", 2, true],
        ["db write", 3, false],
      ]);
      const c = w.rows[2]!;
      expect(c.linkedFrom).toEqual({ traceId: A, spanId: sid(2) });
      expect(c.span.traceId).toBe(B);
      expect(c.otherTrace).toBe(asked === A);
      expect(w.rows[0]!.otherTrace).toBe(asked === B);
      expect(w.traceIds[0]).toBe(asked);
      expect(new Set(w.traceIds)).toEqual(new Set([A, B]));
      expect(w.services).toEqual(["fulfilment", "orders"]);
    }
  });

  it("keeps a consumer whose parent is the producer (eachMessage) under it without calling it linked", () => {
    const w = buildWaterfall(A, [
      span({ traceId: A, spanId: sid(1), kind: 4, name: "send" }),
      span({ traceId: A, spanId: sid(2), parentSpanId: sid(1), kind: 5, name: "process", startNs: T0 + ms(3), links: [{ traceId: A, spanId: sid(1) }] }),
    ]);
    expect(w.rows.map((r) => [r.span.name, r.depth, r.linked])).toEqual([
      ["send", 0, false],
      ["process", 1, false],
    ]);
  });

  it("keeps spans whose parent is missing at the top level, marked orphan, in start order", () => {
    const w = buildWaterfall(A, [
      span({ traceId: A, spanId: sid(2), parentSpanId: sid(99), name: "lost", startNs: T0 + ms(5) }),
      span({ traceId: A, spanId: sid(1), name: "root" }),
      span({ traceId: A, spanId: sid(3), parentSpanId: sid(2), name: "lost child", startNs: T0 + ms(6) }),
    ]);
    expect(w.rows.map((r) => [r.span.name, r.depth, r.orphan])).toEqual([
      ["root", 0, false],
      ["lost", 0, true],
      ["lost child", 1, false],
    ]);
  });

  it("prefers a linked producer span, and ignores links to spans that were not fetched", () => {
    const w = buildWaterfall(A, [
      span({ traceId: A, spanId: sid(1), kind: 1, name: "internal" }),
      span({ traceId: A, spanId: sid(2), kind: 4, name: "send", startNs: T0 + ms(1) }),
      span({
        traceId: B,
        spanId: sid(3),
        kind: 5,
        name: "batch",
        startNs: T0 + ms(2),
        links: [
          { traceId: C, spanId: sid(9) },
          { traceId: A, spanId: sid(1) },
          { traceId: A, spanId: sid(2) },
        ],
      }),
    ]);
    const batch = w.rows.find((r) => r.span.name === "batch")!;
    expect(batch.linkedFrom).toEqual({ traceId: A, spanId: sid(2) });
    expect(batch.parentKey).toBe(`${A}:${sid(2)}`);
  });

  it("breaks cycles of links instead of losing spans, and counts each span once", () => {
    const x = span({ traceId: A, spanId: sid(1), name: "x", links: [{ traceId: B, spanId: sid(2) }] });
    const y = span({ traceId: B, spanId: sid(2), name: "y", startNs: T0 + ms(1), links: [{ traceId: A, spanId: sid(1) }] });
    const w = buildWaterfall(A, [x, y, x]);
    expect(w.rows.map((r) => [r.span.name, r.depth])).toEqual([
      ["x", 0],
      ["y", 1],
    ]);
    expect(w.spanCount).toBe(2);
  });

  it("marks errors and counts them", () => {
    const w = buildWaterfall(A, [span({ traceId: A, spanId: sid(1) }), span({ traceId: A, spanId: sid(2), parentSpanId: sid(1), statusCode: 2 })]);
    expect(w.rows.map((r) => r.error)).toEqual([false, true]);
    expect(w.errorCount).toBe(1);
  });

  it("gives each row its messaging fields", () => {
    const w = buildWaterfall(A, [span({ traceId: A, spanId: sid(3), topic: "orders", partition: 1, offset: 3, consumerGroup: "g" }), span({ traceId: A, spanId: sid(4), startNs: T0 + 1n })]);
    expect(w.rows.map((r) => r.messaging)).toEqual([
      { topic: "orders", partition: 1, offset: 3, consumerGroup: "g" },
      { topic: null, partition: null, offset: null, consumerGroup: null },
    ]);
  });

  it("answers an empty waterfall for no spans", () => {
    const w = buildWaterfall(A, []);
    expect(w.rows).toEqual([]);
    expect(w.durationMs).toBe(0);
  });
});

describe("publishConsumeLatencies", () => {
  const producer = span({ traceId: A, spanId: sid(1), kind: 4, service: "orders", topic: "orders", startNs: T0 });
  it("pairs producers with consumers by link and by parent, with topic and consumer start − producer start", () => {
    const byLink = span({ traceId: B, spanId: sid(2), kind: 5, service: "fulfilment", consumerGroup: "ful", startNs: T0 + ms(12.5), links: [{ traceId: A, spanId: sid(1) }] });
    const byParent = span({ traceId: A, spanId: sid(3), parentSpanId: sid(1), kind: 5, service: "payment", startNs: T0 + ms(30), topic: "orders" });
    const notConsumer = span({ traceId: A, spanId: sid(4), parentSpanId: sid(1), kind: 1, startNs: T0 + ms(1) });
    const pairs = publishConsumeLatencies([byParent, notConsumer, byLink, producer]);
    expect(pairs.map((p) => [p.producer.service, p.topic, p.consumer.service, p.latencyMs, p.via])).toEqual([
      ["orders", "orders", "fulfilment", 12.5, "link"],
      ["orders", "orders", "payment", 30, "parent"],
    ]);
    expect(pairs[0]!.consumer.consumerGroup).toBe("ful");
  });

  it("pairs a batch consumer with each producer it links to, once each", () => {
    const p2 = span({ traceId: C, spanId: sid(5), kind: 4, service: "orders", topic: "orders", startNs: T0 + ms(5) });
    const batch = span({
      traceId: B,
      spanId: sid(2),
      kind: 5,
      service: "fulfilment",
      topic: "orders",
      startNs: T0 + ms(20),
      links: [
        { traceId: A, spanId: sid(1) },
        { traceId: C, spanId: sid(5) },
        { traceId: A, spanId: sid(1) },
      ],
    });
    expect(publishConsumeLatencies([producer, p2, batch]).map((p) => p.latencyMs)).toEqual([20, 15]);
  });

  it("does not report a negative latency when clocks disagree", () => {
    const early = span({ traceId: B, spanId: sid(2), kind: 5, startNs: T0 - ms(3), links: [{ traceId: A, spanId: sid(1) }] });
    expect(publishConsumeLatencies([producer, early])[0]!.latencyMs).toBe(0);
  });
});

describe("latencyStats", () => {
  const pair = (producer: string, topic: string, consumer: string, latencyMs: number, consumedAtMs = 1000): PublishConsume => ({
    producer: { traceId: A, spanId: sid(1), service: producer },
    consumer: { traceId: B, spanId: sid(2), service: consumer, consumerGroup: null },
    topic,
    latencyMs,
    consumedAtMs,
    via: "link",
  });

  it("gives p50 and p95 per producer service, topic and consumer service", () => {
    const pairs = [...Array.from({ length: 100 }, (_, i) => pair("orders", "orders", "fulfilment", i + 1)), pair("orders", "orders", "payment", 7), pair("orders", "payments", "fulfilment", 3)];
    expect(latencyStats(pairs)).toEqual([
      { producerService: "orders", topic: "orders", consumerService: "fulfilment", count: 100, p50Ms: 50, p95Ms: 95, maxMs: 100 },
      { producerService: "orders", topic: "orders", consumerService: "payment", count: 1, p50Ms: 7, p95Ms: 7, maxMs: 7 },
      { producerService: "orders", topic: "payments", consumerService: "fulfilment", count: 1, p50Ms: 3, p95Ms: 3, maxMs: 3 },
    ]);
  });

  it("counts only pairs consumed within the window", () => {
    const stats = latencyStats([pair("o", "t", "c", 5, 100), pair("o", "t", "c", 500, 5000), pair("o", "t", "c", 9, 200)], { fromMs: 0, toMs: 1000 });
    expect(stats).toEqual([{ producerService: "o", topic: "t", consumerService: "c", count: 2, p50Ms: 5, p95Ms: 9, maxMs: 9 }]);
  });

  it("percentile is nearest-rank", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.95)).toBe(4);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe("parseTraceparent", () => {
  it("reads trace and span ids from a W3C traceparent", () => {
    expect(parseTraceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).toEqual({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" });
  });
  it.each([
    "",
    "garbage",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
    "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
    "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
    "00-zzf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
  ])("refuses %j", (v) => {
    expect(parseTraceparent(v)).toBeNull();
  });
});
