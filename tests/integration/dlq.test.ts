// The DLQ browser against the real broker: which topics are DLQs, bounded reads (count, offset and
// time ranges, partitions, newest first), filters, views of hostile and binary values, abort, the
// scan limit, clear errors, roles, and reads that never create a consumer group.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { createCallerFactory, type Context } from "@/server/api/trpc";
import { flowNodeSchema, emptyFlow } from "@/server/flow/model";
import { createKafka } from "@/server/kafka/client";
import { openRecordReader } from "@/server/kafka/records";
import { createTopic } from "@/server/kafka/test-helpers";
import type { RecordView } from "@/server/observe/dlq";
import { createCluster, linkFlow } from "@/server/services/clusters";
import { browseDeadLetters, type BrowseEvent } from "@/server/services/dlq";
import { createFlow } from "@/server/services/flows";
import { roleUsers } from "../support/callers";
import { openStores } from "../support/stores";

process.env.FLOWLENS_SECRET_KEY ??= randomBytes(32).toString("hex");

const brokers = inject("kafkaBrokers").split(",");
const [store] = await openStores();
afterAll(() => store!.stop());
const db = store!.db;
const { viewer, admin, as } = await roleUsers(db);
const cluster = await createCluster(db, admin.id, { name: "DLQ broker", brokers, saslMechanism: null, tls: false, tlsRejectUnauthorized: true });
const kafka = createKafka({ brokers, clientId: "flowlens-test" });

const run = randomUUID().slice(0, 8);
const T = {
  source: `orders-${run}`,
  orders: `orders-${run}.dlq`,
  payments: `payments-${run}-dlq`,
  designedOddName: `failed-${run}`,
  designedMissing: `missing-${run}.dlq`,
  txn: `txn-${run}.dlq`,
  bulk: `bulk-${run}.DLT`,
};

// Two batches an hour apart, with the producer's own timestamps, so time ranges are exact.
const T0 = Date.now() - 2 * 3600_000;
const T1 = T0 + 3600_000;
const PER_PARTITION_A = 20;
const PER_PARTITION_B = 10;
const hostile = { script: "<script>alert(1)</script>", img: "<img src=x onerror=alert(1)>", js: "javascript:alert(1)" };
const ONE_MB = 1_000_000;

type Msg = { partition: number; key: string | Buffer | null; value: string | Buffer | null; headers?: Record<string, string | Buffer>; timestamp: number };

async function send(topic: string, messages: Msg[]) {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    // In order; a big value goes in a request of its own (a batch is capped by max.message.bytes).
    const wire = (m: Msg) => ({ partition: m.partition, key: m.key, value: m.value, headers: m.headers, timestamp: String(m.timestamp) });
    let chunk: Msg[] = [];
    const flush = async () => {
      if (chunk.length) await producer.send({ topic, messages: chunk.map(wire) });
      chunk = [];
    };
    for (const m of messages) {
      if ((m.value?.length ?? 0) > 100_000) {
        await flush();
        await producer.send({ topic, messages: [wire(m)] });
      } else chunk.push(m);
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
}

const dlHeaders = (p: number, i: number, errorClass: string) => ({
  "x-original-topic": T.source,
  "x-original-partition": String(p),
  "x-original-offset": String(i),
  "x-error-class": errorClass,
  "x-error-message": `failed ${p}/${i}`,
  "x-attempts": "3",
  "x-failed-at": new Date(T0 + i).toISOString(),
});

async function collect(events: AsyncIterable<BrowseEvent>, onEvent?: (e: BrowseEvent) => void) {
  const all: BrowseEvent[] = [];
  for await (const e of events) {
    all.push(e);
    onEvent?.(e);
  }
  const records = all.flatMap((e) => (e.type === "data" ? e.records : []));
  const done = all.find((e) => e.type === "done");
  const error = all.find((e) => e.type === "error");
  return { all, records, done: done?.type === "done" ? done : null, error: error?.type === "error" ? error.message : null };
}

type BrowseArgs = Parameters<ReturnType<typeof as>["dlq"]["browse"]>[0];
const browse = async (input: Partial<BrowseArgs> & { topic: string }, who = viewer) => collect(await as(who).dlq.browse({ clusterId: cluster.id, ...input }));
const id = (r: RecordView) => `${r.partition}@${r.offset}`;
const text = (v: RecordView["value"]) => (v && v.kind !== "binary" ? v.text : null);

let flowId = "";
let groupsBefore: string[] = [];

beforeAll(async () => {
  const admin_ = kafka.admin();
  await admin_.connect();
  groupsBefore = (await admin_.listGroups()).groups.map((g) => g.groupId);
  await admin_.disconnect();

  await createTopic(brokers, T.source, 3);
  await createTopic(brokers, T.orders, 3, { "max.message.bytes": String(2 * 1024 * 1024) });
  await createTopic(brokers, T.payments, 1);
  await createTopic(brokers, T.designedOddName, 1);
  await createTopic(brokers, T.bulk, 1);

  const a: Msg[] = [];
  for (let p = 0; p < 3; p++) {
    for (let i = 0; i < PER_PARTITION_A; i++) {
      a.push({
        partition: p,
        key: `order-${p}-${i}`,
        value: JSON.stringify({ orderId: `o-${p}-${i}`, amount: i, note: `batch A ${p}/${i}` }),
        headers: { ...dlHeaders(p, i, i % 2 ? "TimeoutError" : "SchemaValidationError"), tenant: p === 1 ? "ACME" : "Globex" },
        timestamp: T0 + i * 1000 + p,
      });
    }
  }
  // Hostile and odd records at the end of batch A in partition 0 (offsets 20–24).
  a.push({ partition: 0, key: hostile.script, value: hostile.img, headers: { ...dlHeaders(0, 20, "XssError"), "x-error-message": hostile.js }, timestamp: T0 + 30_000 });
  a.push({ partition: 0, key: "regex", value: "price .*( [a-z]+ $1", headers: dlHeaders(0, 21, "RegexError"), timestamp: T0 + 30_001 });
  a.push({ partition: 0, key: Buffer.from([0xff, 0xfe]), value: Buffer.from([0xff, 0xfe, 0x00, 0x41]), headers: dlHeaders(0, 22, "BinaryError"), timestamp: T0 + 30_002 });
  a.push({ partition: 0, key: "big", value: Buffer.alloc(ONE_MB, "x"), headers: dlHeaders(0, 23, "TooBigError"), timestamp: T0 + 30_003 });
  a.push({ partition: 0, key: "after-big", value: '{"after":"big"}', headers: dlHeaders(0, 24, "SchemaValidationError"), timestamp: T0 + 30_004 });
  await send(T.orders, a);

  const b: Msg[] = [];
  for (let p = 0; p < 3; p++) {
    for (let i = 0; i < PER_PARTITION_B; i++) {
      b.push({ partition: p, key: `late-${p}-${i}`, value: JSON.stringify({ late: true, i }), headers: dlHeaders(p, 100 + i, "TimeoutError"), timestamp: T1 + i * 1000 + p });
    }
  }
  await send(T.orders, b);
  await send(T.payments, [0, 1, 2, 3].map((i) => ({ partition: 0, key: `pay-${i}`, value: JSON.stringify({ paymentId: i }), headers: dlHeaders(0, i, "DeclinedError"), timestamp: T0 + i })));
  await send(T.bulk, Array.from({ length: 3000 }, (_, i) => ({ partition: 0, key: `b${i}`, value: `bulk record ${i}`, timestamp: T0 + i })));

  const doc = emptyFlow(`DLQs ${run}`);
  doc.nodes.push(
    flowNodeSchema.parse({ kind: "topic", id: "source", name: T.source }),
    flowNodeSchema.parse({ kind: "dlq", id: "dlq-orders", name: T.orders }),
    flowNodeSchema.parse({ kind: "dlq", id: "dlq-odd", name: T.designedOddName }),
    flowNodeSchema.parse({ kind: "dlq", id: "dlq-missing", name: T.designedMissing }),
  );
  const flow = await createFlow(db, admin.id, { name: doc.name, doc });
  flowId = flow.id;
  await linkFlow(db, flowId, cluster.id);
}, 120_000);

describe("listing dead-letter topics", () => {
  it("finds the flow's designed DLQs and the cluster's topics named like DLQs, with depth, and not ordinary topics", async () => {
    const listing = await as(viewer).dlq.list({ flowId });
    expect(listing).toMatchObject({ flowId, clusterId: cluster.id, error: null });
    const byName = new Map(listing.topics.map((t) => [t.topic, t]));
    expect(byName.get(T.orders)).toEqual({ topic: T.orders, designed: true, onCluster: true, partitions: 3, depth: 3 * (PER_PARTITION_A + PER_PARTITION_B) + 5 });
    expect(byName.get(T.payments)).toEqual({ topic: T.payments, designed: false, onCluster: true, partitions: 1, depth: 4 });
    expect(byName.get(T.bulk)).toMatchObject({ designed: false, onCluster: true, depth: 3000 });
    expect(byName.get(T.designedOddName)).toEqual({ topic: T.designedOddName, designed: true, onCluster: true, partitions: 1, depth: 0 });
    expect(byName.get(T.designedMissing)).toEqual({ topic: T.designedMissing, designed: true, onCluster: false, partitions: null, depth: null });
    expect(byName.has(T.source)).toBe(false);
  });

  it("lists only the designed DLQs of a flow without a cluster", async () => {
    const doc = emptyFlow(`unlinked ${run}`);
    doc.nodes.push(flowNodeSchema.parse({ kind: "dlq", id: "d", name: T.orders }));
    const flow = await createFlow(db, admin.id, { name: doc.name, doc });
    expect(await as(viewer).dlq.list({ flowId: flow.id })).toEqual({
      flowId: flow.id,
      clusterId: null,
      error: null,
      topics: [{ topic: T.orders, designed: true, onCluster: false, partitions: null, depth: null }],
    });
  });
});

describe("bounded reads", () => {
  it("honours the maximum count and reads oldest first across partitions", async () => {
    const r = await browse({ topic: T.orders, max: 5 });
    expect(r.error).toBeNull();
    expect(r.records).toHaveLength(5);
    expect(r.done).toMatchObject({ matched: 5, reason: "max", truncated: false });
    // The five oldest: offsets 0 and 1 of each partition, by timestamp (T0 + i·1000 + p).
    expect(r.records.map(id)).toEqual(["0@0", "1@0", "2@0", "0@1", "1@1"]);
    expect(r.records[0]!.timestampMs).toBe(T0);
  });

  it("reads an offset range of one partition", async () => {
    const r = await browse({ topic: T.orders, partitions: [1], from: { offset: 5 }, to: { offset: 12 }, max: 100 });
    expect(r.records.map(id)).toEqual(["1@5", "1@6", "1@7", "1@8", "1@9", "1@10", "1@11"]);
    expect(r.done).toMatchObject({ matched: 7, reason: "end" });
  });

  it("reads a time range", async () => {
    const late = await browse({ topic: T.orders, from: { timeMs: T1 }, max: 1000 });
    expect(late.records).toHaveLength(3 * PER_PARTITION_B);
    expect(late.records.every((r) => r.timestampMs >= T1 && text(r.key)!.startsWith("late-"))).toBe(true);
    const early = await browse({ topic: T.orders, to: { timeMs: T1 }, max: 1000 });
    expect(early.records).toHaveLength(3 * PER_PARTITION_A + 5);
    expect(early.records.every((r) => r.timestampMs < T1)).toBe(true);
    const window = await browse({ topic: T.orders, partitions: [2], from: { timeMs: T0 + 3000 }, to: { timeMs: T0 + 6000 }, max: 1000 });
    expect(window.records.map(id)).toEqual(["2@3", "2@4", "2@5"]);
  });

  it("reads newest first, across partitions and within a range", async () => {
    const r = await browse({ topic: T.orders, newestFirst: true, max: 7 });
    const stamps = r.records.map((x) => x.timestampMs);
    expect(r.records).toHaveLength(7);
    expect(stamps).toEqual([...stamps].sort((a, b) => b - a));
    // The newest record of all: the last of batch B in partition 2.
    expect(r.records[0]).toMatchObject({ partition: 2, offset: PER_PARTITION_A + PER_PARTITION_B - 1, timestampMs: T1 + 9000 + 2 });
    expect(r.records.map((x) => text(x.key))).toEqual(["late-2-9", "late-1-9", "late-0-9", "late-2-8", "late-1-8", "late-0-8", "late-2-7"]);

    const tail = await browse({ topic: T.orders, partitions: [2], to: { offset: 10 }, newestFirst: true, max: 3 });
    expect(tail.records.map(id)).toEqual(["2@9", "2@8", "2@7"]);
    expect(tail.done).toMatchObject({ reason: "max" });
  });

  it("stops at the scan limit and says so when a filter matches nothing", async () => {
    const r = await collect(browseDeadLetters(db, { clusterId: cluster.id, topic: T.bulk, max: 10, filter: { valueContains: "no such text" }, scanLimit: 1200 }));
    expect(r.records).toHaveLength(0);
    expect(r.done).toEqual({ type: "done", scanned: 1200, matched: 0, truncated: true, reason: "scan-limit" });
  });

  it("stops early when aborted", async () => {
    const ac = new AbortController();
    const caller = createCallerFactory(appRouter)({ db, user: viewer, headers: new Headers() } as Context, { signal: ac.signal });
    const seen: BrowseEvent[] = [];
    const r = await collect(await caller.dlq.browse({ clusterId: cluster.id, topic: T.bulk, max: 1000, filter: { valueContains: "no such text" } }), (e) => {
      seen.push(e);
      if (e.type === "progress" && e.scanned > 0) ac.abort();
    });
    const scanned = Math.max(...r.all.map((e) => (e.type === "progress" || e.type === "done" ? e.scanned : 0)));
    expect(scanned).toBeGreaterThan(0);
    expect(scanned).toBeLessThan(3000);
    if (r.done) expect(r.done.reason).toBe("aborted");

    const direct = new AbortController();
    const d = await collect(browseDeadLetters(db, { clusterId: cluster.id, topic: T.bulk, max: 1000, filter: { valueContains: "no such text" }, signal: direct.signal }), (e) => {
      if (e.type === "progress" && e.scanned > 0) direct.abort();
    });
    expect(d.done).toMatchObject({ reason: "aborted", truncated: false });
    expect(d.done!.scanned).toBeLessThan(3000);
  });
});

describe("filters", () => {
  it("filters by key, header, value substring and error class", async () => {
    const key = await browse({ topic: T.orders, filter: { key: { equals: "order-1-7" } } });
    expect(key.records.map(id)).toEqual(["1@7"]);
    const keyPart = await browse({ topic: T.orders, filter: { key: { contains: "ORDER-2-1", equals: undefined }, caseInsensitive: true }, max: 1000 });
    expect(keyPart.records.map((r) => text(r.key)).sort()).toEqual(["order-2-1", ...Array.from({ length: 10 }, (_, i) => `order-2-1${i}`)].sort());

    const header = await browse({ topic: T.orders, filter: { header: [{ name: "tenant", equals: "ACME" }] }, max: 1000 });
    expect(header.records).toHaveLength(PER_PARTITION_A);
    expect(header.records.every((r) => r.partition === 1)).toBe(true);

    const value = await browse({ topic: T.orders, filter: { valueContains: '"late":true' }, max: 1000 });
    expect(value.records).toHaveLength(3 * PER_PARTITION_B);

    const errorClass = await browse({ topic: T.orders, filter: { errorClass: "SchemaValidationError" }, max: 1000 });
    // Even i in batch A (10 per partition) and the record after the big one.
    expect(errorClass.records).toHaveLength(3 * 10 + 1);
    expect(errorClass.records.every((r) => r.deadLetter?.errorClass === "SchemaValidationError")).toBe(true);
    expect(errorClass.done).toMatchObject({ reason: "end", scanned: 3 * (PER_PARTITION_A + PER_PARTITION_B) + 5, matched: 31 });
  });

  it("treats regex metacharacters literally", async () => {
    expect((await browse({ topic: T.orders, filter: { valueContains: ".*(" }, max: 1000 })).records.map(id)).toEqual(["0@21"]);
    expect((await browse({ topic: T.orders, filter: { valueContains: "[a-z]+ $1" }, max: 1000 })).records.map(id)).toEqual(["0@21"]);
    expect((await browse({ topic: T.orders, filter: { valueContains: "late.*true" }, max: 1000 })).records).toHaveLength(0);
    expect((await browse({ topic: T.orders, filter: { key: { contains: "order-." } }, max: 1000 })).records).toHaveLength(0);
    expect((await browse({ topic: T.orders, filter: { errorClass: ".*" }, max: 1000 })).records).toHaveLength(0);
  });
});

describe("record views", () => {
  it("shows hostile text as text, dead-letter headers parsed", async () => {
    const [r] = (await browse({ topic: T.orders, partitions: [0], from: { offset: 20 }, max: 1 })).records;
    expect(r!.key).toEqual({ kind: "text", text: hostile.script, bytes: hostile.script.length, truncated: false });
    expect(r!.value).toEqual({ kind: "text", text: hostile.img, bytes: hostile.img.length, truncated: false });
    expect(r!.deadLetter).toEqual({
      originalTopic: T.source,
      originalPartition: 0,
      originalOffset: 20,
      errorClass: "XssError",
      errorMessage: hostile.js,
      attempts: 3,
      failedAt: new Date(T0 + 20).toISOString(),
      redriveCount: 0,
    });
    expect(r!.headers.find((h) => h.key === "x-error-message")!.value).toEqual({ kind: "text", text: hostile.js, bytes: hostile.js.length, truncated: false });

    const [json] = (await browse({ topic: T.orders, partitions: [1], from: { offset: 3 }, max: 1 })).records;
    expect(json!.value).toEqual({ kind: "json", text: '{\n  "orderId": "o-1-3",\n  "amount": 3,\n  "note": "batch A 1/3"\n}', bytes: expect.any(Number), truncated: false });
  });

  it("shows invalid UTF-8 as raw bytes and truncates a 1 MB value, reporting its real size", async () => {
    const r = await browse({ topic: T.orders, partitions: [0], from: { offset: 22 }, to: { offset: 25 }, max: 10 });
    expect(r.records.map(id)).toEqual(["0@22", "0@23", "0@24"]);
    const [binary, big, after] = r.records;
    expect(binary!.key).toEqual({ kind: "binary", hex: "fffe", base64: "//4=", bytes: 2, truncated: false });
    expect(binary!.value).toEqual({ kind: "binary", hex: "fffe0041", base64: "//4AQQ==", bytes: 4, truncated: false });
    expect(big!.value).toMatchObject({ kind: "text", bytes: ONE_MB, truncated: true });
    expect(text(big!.value)!.length).toBe(256 * 1024);
    expect(after!.value).toMatchObject({ kind: "json", text: '{\n  "after": "big"\n}' });
  });
});

describe("gaps and errors", () => {
  it("skips aborted transactions and transaction markers (offsets are not contiguous)", async () => {
    await createTopic(brokers, T.txn, 1);
    const producer = kafka.producer({ transactionalId: `tx-${run}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const put = async (values: string[], commit: boolean) => {
        const tx = await producer.transaction();
        await tx.send({ topic: T.txn, messages: values.map((value) => ({ partition: 0, value })) });
        await (commit ? tx.commit() : tx.abort());
      };
      await put(["c1", "c2", "c3"], true);
      await put(["a1", "a2"], false);
      await put(["c4", "c5"], true);
    } finally {
      await producer.disconnect();
    }
    const r = await browse({ topic: T.txn, max: 100 });
    expect(r.records.map((x) => text(x.value))).toEqual(["c1", "c2", "c3", "c4", "c5"]);
    const offsets = r.records.map((x) => x.offset);
    // Three commit markers and an abort marker take offsets too: 0,1,2 | 3 | 4,5 aborted | 6 | 7,8 | 9.
    expect(offsets).toEqual([0, 1, 2, 7, 8]);
    const newest = await browse({ topic: T.txn, max: 100, newestFirst: true });
    expect(newest.records.map((x) => text(x.value))).toEqual(["c5", "c4", "c3", "c2", "c1"]);
    expect(newest.done).toMatchObject({ reason: "end", matched: 5 });
  }, 90_000);

  it("says clearly when the topic or a partition does not exist, or the cluster cannot be reached", async () => {
    const missing = await browse({ topic: T.designedMissing, flowId });
    expect(missing.error).toBe(`Topic "${T.designedMissing}" does not exist on this cluster.`);
    expect(missing.records).toHaveLength(0);
    const partition = await browse({ topic: T.payments, partitions: [7] });
    expect(partition.error).toBe(`Topic "${T.payments}" has no partition 7 (it has 1).`);

    const down = await createCluster(db, admin.id, { name: `Down ${run}`, brokers: ["127.0.0.1:1"], saslMechanism: null, tls: false, tlsRejectUnauthorized: true });
    expect((await browse({ topic: T.orders, clusterId: down.id })).error).toMatch(/^Cannot reach the cluster: .*ECONNREFUSED/);
    const doc = emptyFlow(`down ${run}`);
    doc.nodes.push(flowNodeSchema.parse({ kind: "dlq", id: "d", name: T.orders }));
    const flow = await createFlow(db, admin.id, { name: doc.name, doc });
    await linkFlow(db, flow.id, down.id);
    expect(await as(viewer).dlq.list({ flowId: flow.id })).toMatchObject({
      clusterId: down.id,
      error: expect.stringMatching(/^Cannot reach the cluster/),
      topics: [{ topic: T.orders, designed: true, onCluster: false, partitions: null, depth: null }],
    });

    const reader = await openRecordReader({ brokers });
    try {
      await expect(reader.bounds(`nope-${run}`)).rejects.toMatchObject({ code: "UNKNOWN_TOPIC", message: `Topic "nope-${run}" does not exist on this cluster.` });
      await expect(reader.fetchPartition(T.payments, 3, 0, 10, { max: 10 })).rejects.toMatchObject({ code: "UNKNOWN_PARTITION" });
      // The range end is the log end: nothing beyond it, no waiting for new records.
      expect((await reader.fetchPartition(T.payments, 0, 2, 1_000, { max: 10 })).map((x) => x.offset)).toEqual([2, 3]);
      expect(await reader.fetchPartition(T.payments, 0, 4, 1_000, { max: 10 })).toEqual([]);
      // A fetch size smaller than a record still returns it.
      const [big] = await reader.fetchPartition(T.orders, 0, 23, 24, { max: 1, maxBytes: 1024 });
      expect(big!.value!.length).toBe(ONE_MB);
    } finally {
      await reader.close();
    }
  });

  it("refuses topics that are not dead-letter queues, unless the flow designs them as one", async () => {
    await expect(browse({ topic: T.source })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("is not a dead-letter queue") });
    await expect(browse({ topic: T.designedOddName })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const designed = await browse({ topic: T.designedOddName, flowId });
    expect(designed).toMatchObject({ error: null, records: [], done: { reason: "end", scanned: 0 } });
    await expect(browse({ topic: T.source, flowId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(browse({ topic: T.orders, clusterId: "no-such-cluster" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("access and side effects", () => {
  it("lets viewers browse and refuses anyone signed out", async () => {
    expect((await browse({ topic: T.payments }, viewer)).records.map((r) => text(r.key))).toEqual(["pay-0", "pay-1", "pay-2", "pay-3"]);
    await expect(as(null).dlq.list({ flowId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(as(null).dlq.browse({ clusterId: cluster.id, topic: T.payments })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("never creates a consumer group", async () => {
    const a = kafka.admin();
    await a.connect();
    try {
      const after = (await a.listGroups()).groups.map((g) => g.groupId);
      expect(after.filter((g) => !groupsBefore.includes(g))).toEqual([]);
    } finally {
      await a.disconnect();
    }
  });
});
