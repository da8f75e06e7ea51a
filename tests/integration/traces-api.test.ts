// Traces through tRPC: search and the stitched waterfall (a consumer trace joined to its producer's
// by a span link), roles, and the trace → record jump against the real broker.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { SpanRecord } from "@/server/otel/source";
import { produce, createTopic } from "@/server/kafka/test-helpers";
import { createCluster } from "@/server/services/clusters";
import { MAX_LINKED_TRACES } from "@/server/services/traces";
import { insertSpans } from "@/server/services/traces-store";
import { roleUsers } from "../support/callers";
import { spanRecord } from "../support/spans";
import { openStores } from "../support/stores";

process.env.FLOWLENS_SECRET_KEY ??= randomBytes(32).toString("hex");

const brokers = inject("kafkaBrokers").split(",");
const [store] = await openStores();
const db = store!.db;
const { viewer, admin, as } = await roleUsers(db);
afterAll(() => store!.stop());

const hex = (n: number) => randomBytes(n).toString("hex");
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const ms = (n: number) => BigInt(n) * 1_000_000n;

const span = (p: Partial<SpanRecord> & Pick<SpanRecord, "traceId" | "spanId" | "name" | "service">): SpanRecord => spanRecord({ startNs: NOW_NS, ...p });

// A producer trace (order-service publishes to orders) and a consumer trace (fulfilment, linked to it).
const P = hex(16);
const C = hex(16);
const ids = { root: hex(8), send: hex(8), process: hex(8), write: hex(8), retry: hex(8) };
const topic = `orders-${randomUUID().slice(0, 8)}`;
const spans: SpanRecord[] = [
  span({ traceId: P, spanId: ids.root, name: "POST /orders", service: "order-service", kind: 2, startNs: NOW_NS - ms(60_000), durationNs: ms(20) }),
  span({ traceId: P, spanId: ids.send, parentSpanId: ids.root, name: `${topic} publish`, service: "order-service", kind: 4, startNs: NOW_NS - ms(59_995), topic, partition: 0, offset: 0 }),
  span({
    traceId: C,
    spanId: ids.process,
    name: `${topic} process`,
    service: "fulfilment",
    kind: 5,
    startNs: NOW_NS - ms(59_950),
    durationNs: ms(300),
    attributes: { "messaging.destination": topic, "messaging.kafka.consumer.group": "fulfilment-group" },
    consumerGroup: "fulfilment-group",
    topic,
    statusCode: 2,
    statusMessage: "discontinued item",
    links: [{ traceId: P, spanId: ids.send, attributes: {} }],
  }),
  span({ traceId: C, spanId: ids.write, parentSpanId: ids.process, name: "db write", service: "fulfilment", startNs: NOW_NS - ms(59_940) }),
  // A source that left the fields empty: the older attribute names are read.
  span({
    traceId: C,
    spanId: ids.retry,
    parentSpanId: ids.process,
    name: "retry publish",
    service: "fulfilment",
    kind: 4,
    startNs: NOW_NS - ms(59_930),
    attributes: { "messaging.destination": `${topic}.retry`, "messaging.kafka.partition": 1, "messaging.kafka.message.offset": "12" },
  }),
];
// The built-in store (no Jaeger or Tempo URL is set here), as the OTLP receiver fills it.
await insertSpans(db, spans);

describe("traces.search", () => {
  it("finds traces by service, topic, consumer group, duration and errors, newest first", async () => {
    const v = as(viewer);
    expect((await v.traces.search({ service: "fulfilment" })).traces.map((t) => t.traceId)).toEqual([C]);
    expect((await v.traces.search({ topic })).traces.map((t) => t.traceId)).toEqual([C, P]);
    expect((await v.traces.search({ consumerGroup: "fulfilment-group" })).traces.map((t) => t.traceId)).toEqual([C]);
    expect((await v.traces.search({ errorsOnly: true })).traces.map((t) => t.traceId)).toEqual([C]);
    expect((await v.traces.search({ minDurationMs: 100 })).traces.map((t) => t.traceId)).toEqual([C]);
    expect((await v.traces.search({ range: "15m" })).traces.length).toBe(2);
    const old = await v.traces.search({ fromMs: 0, toMs: Date.now() - 3600_000 });
    expect(old.traces).toEqual([]);
    expect(old.source).toBe("built-in");
  });

  it("refuses signed-out callers", async () => {
    await expect(as(null).traces.search({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(as(null).traces.get({ traceId: P })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("traces.get", () => {
  it("stitches the consumer's trace under the producer span it links to, from either side", async () => {
    for (const asked of [P, C]) {
      const t = await as(viewer).traces.get({ traceId: asked.toUpperCase() });
      expect(t.traceId).toBe(asked);
      expect(new Set(t.traceIds)).toEqual(new Set([P, C]));
      expect(t.rows.map((r) => [r.span.name, r.depth, r.linked])).toEqual([
        ["POST /orders", 0, false],
        [`${topic} publish`, 1, false],
        [`${topic} process`, 2, true],
        ["db write", 3, false],
        ["retry publish", 3, false],
      ]);
      expect(t.rows[4]!.messaging).toEqual({ topic: `${topic}.retry`, partition: 1, offset: 12, consumerGroup: null });
      const consumer = t.rows[2]!;
      expect(consumer.linkedFrom).toEqual({ traceId: P, spanId: ids.send });
      expect(consumer.error).toBe(true);
      expect(consumer.messaging).toMatchObject({ topic, consumerGroup: "fulfilment-group" });
      expect(typeof consumer.span.startNs).toBe("bigint");
      expect(t.errorCount).toBe(1);
    }
  });

  it("says when there is no such trace, and refuses ids that are not trace ids", async () => {
    await expect(as(viewer).traces.get({ traceId: hex(16) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as(viewer).traces.get({ traceId: "z".repeat(32) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("fetches at most MAX_LINKED_TRACES linked traces and says how many it left out", async () => {
    const hub = hex(16);
    const hubSpan = span({ traceId: hub, spanId: hex(8), name: "fan-out", service: "hub", kind: 4 });
    const linked = Array.from({ length: MAX_LINKED_TRACES + 5 }, (_, i) =>
      span({ traceId: hex(16), spanId: hex(8), name: `c${i}`, service: "c", kind: 5, startNs: NOW_NS + ms(i + 1), links: [{ traceId: hub, spanId: hubSpan.spanId, attributes: {} }] }),
    );
    await insertSpans(db, [hubSpan, ...linked]);
    const t = await as(viewer).traces.get({ traceId: hub });
    expect(t.traceIds.length).toBe(1 + MAX_LINKED_TRACES);
    expect(t.linkedTracesOmitted).toBe(5);
    expect(t.rows.filter((r) => r.linked).length).toBe(MAX_LINKED_TRACES);
  });
});

describe("records.get", async () => {
  const cluster = await createCluster(db, admin.id, { name: "Trace broker", brokers, saslMechanism: null, tls: false, tlsRejectUnauthorized: true });
  await createTopic(brokers, topic, 2);
  const traceparent = `00-${P}-${ids.send}-01`;
  await produce(brokers, topic, [
    { partition: 1, key: "k0", value: JSON.stringify({ order: 1 }) },
    { partition: 1, key: "k1", value: '<img src=x onerror="alert(1)">', headers: { traceparent } },
  ]);

  it("reads one record by topic, partition and offset, with its headers", async () => {
    const r = await as(viewer).records.get({ clusterId: cluster.id, topic, partition: 1, offset: 1 });
    expect(r).toMatchObject({ topic, partition: 1, offset: 1, value: { kind: "text", text: '<img src=x onerror="alert(1)">' } });
    expect(r.headers).toEqual([{ key: "traceparent", value: expect.objectContaining({ kind: "text", text: traceparent }) }]);
    const first = await as(viewer).records.get({ clusterId: cluster.id, topic, partition: 1, offset: 0 });
    expect(first.key).toMatchObject({ text: "k0" });
  });

  it("says clearly when there is no record at that offset", async () => {
    await expect(as(viewer).records.get({ clusterId: cluster.id, topic, partition: 1, offset: 2 })).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("no record at offset 2") });
    await expect(as(viewer).records.get({ clusterId: cluster.id, topic, partition: 0, offset: 0 })).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("no record") });
    await expect(as(viewer).records.get({ clusterId: cluster.id, topic, partition: 7, offset: 0 })).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("no partition 7") });
    await expect(as(viewer).records.get({ clusterId: cluster.id, topic: `missing-${topic}`, partition: 0, offset: 0 })).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("does not exist") });
  });

  it("refuses signed-out callers", async () => {
    await expect(as(null).records.get({ clusterId: cluster.id, topic, partition: 1, offset: 0 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
