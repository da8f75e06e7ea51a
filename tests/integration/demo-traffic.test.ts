// `npm run demo`'s live traffic on the real broker: within seconds a newcomer sees orders flowing,
// the slow consumer's lag growing and poison orders in the dead-letter queue; stopping the demo
// leaves no service running. Also: the demo registers its broker and links the sample flow to it.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startDemoTraffic, type DemoTraffic } from "@/server/demo/traffic";
import type { FlowDoc } from "@/server/flow/model";
import { updateNode } from "@/server/flow/operations";
import { orderFulfilmentFlow } from "@/server/flow/samples/order-fulfilment";
import { createKafka } from "@/server/kafka/client";
import { snapshotCluster } from "@/server/kafka/offsets";
import { messageLag } from "@/server/observe/lag";
import { DEMO_CLUSTER_NAME, seedDemo } from "@/server/services/demo";
import { createUser } from "@/server/services/users";
import { openStores } from "../support/stores";

// A key of this run's own, so the test never writes one into the working directory.
process.env.FLOWLENS_SECRET_KEY ??= randomBytes(32).toString("hex");

const brokers = inject("kafkaBrokers").split(",");
const RATE = 20;

// The sample flow under topic and group names of this run's own: stubs.test.ts runs the same
// services on the same broker and must not see this traffic.
const run = `demo-${randomBytes(4).toString("hex")}`;
function isolatedSampleFlow(): FlowDoc {
  let doc = orderFulfilmentFlow();
  for (const n of doc.nodes) {
    const patch = n.kind === "topic" || n.kind === "dlq" ? { name: `${run}.${n.name}` } : n.kind === "consumer" || n.kind === "transformer" ? { groupId: `${run}.${n.name}` } : null;
    if (!patch) continue;
    const r = updateNode(doc, n.id, patch);
    if (!r.ok) throw new Error(r.reason);
    doc = r.doc;
  }
  return doc;
}

/** What the live view shows: the slow group's members, commits and lag, and how far the orders topic has grown. */
async function observe() {
  const { snapshot } = await snapshotCluster({ brokers }, { groups: [`${run}.enrich-order`, `${run}.payment`], timestamps: false });
  const ends = new Map(snapshot.topics.flatMap((t) => t.partitions.map((p) => [`${t.topic}/${p.partition}`, p.end] as const)));
  const payment = snapshot.groups.find((g) => g.groupId === `${run}.payment`);
  const committed = (payment?.offsets ?? []).filter((o) => o.committed !== null);
  const lag = committed.reduce((n, o) => n + messageLag(ends.get(`${o.topic}/${o.partition}`) ?? 0, o.committed)!, 0);
  const orders = snapshot.topics.find((t) => t.topic === `${run}.orders`)?.partitions ?? [];
  return {
    atMs: snapshot.atMs,
    paymentMembers: payment?.state === "Stable" ? payment.members.length : 0,
    paymentCommitted: new Map(committed.map((o) => [o.partition, o.committed!])),
    paymentLag: lag,
    ordersEnd: orders.reduce((n, p) => n + p.end, 0),
  };
}

/** The first record of a topic, with its headers as text. */
async function firstRecord(topic: string, timeoutMs: number) {
  const consumer = createKafka({ brokers, clientId: "flowlens-test" }).consumer({ groupId: `it-${randomBytes(6).toString("hex")}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<{ value: string; headers: Record<string, string> }>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`nothing on ${topic} within ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          done({ value: message.value?.toString() ?? "", headers });
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("the demo's live traffic", () => {
  const dir = mkdtempSync(join(tmpdir(), "flowlens-demo-traffic-"));
  const lines: string[] = [];
  let traffic: DemoTraffic | undefined;
  afterAll(async () => {
    await traffic?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows throughput, a consumer falling behind and poison orders dead-lettered, and stops cleanly", async () => {
    traffic = await startDemoTraffic({ brokers, dir, doc: isolatedSampleFlow(), rate: RATE, log: (l) => lines.push(l) });
    expect(traffic.apps).toEqual(["order-service", "enrich-order", "fulfilment", "payment"]);
    const pids = traffic.pids();
    expect(pids).toHaveLength(6); // payment, the slow one, runs an instance per partition

    const deadLetter = firstRecord(`${run}.orders.dlq`, 40_000);
    deadLetter.catch(() => undefined); // awaited below; this keeps an early failure from going unhandled

    // Once payment's three instances share the partitions and each has committed:
    const settled = (o: Awaited<ReturnType<typeof observe>>) => o.paymentMembers === 3 && o.paymentCommitted.size === 3 && o.paymentLag > 0;
    let first = await observe();
    for (let i = 0; i < 40 && !settled(first); i++) {
      await sleep(1000);
      first = await observe();
    }
    expect(settled(first), JSON.stringify({ ...first, paymentCommitted: [...first.paymentCommitted] })).toBe(true);
    await sleep(4000);
    const second = await observe();
    // payment handles about 6 orders/s out of 20: its lag keeps growing, by well over a few records…
    expect(second.paymentLag - first.paymentLag).toBeGreaterThan(10);
    // …while every partition's commits move on (Burrow's WARN, not a stalled ERR).
    for (const [partition, offset] of first.paymentCommitted) expect(second.paymentCommitted.get(partition), `partition ${partition}`).toBeGreaterThan(offset);
    // Orders arrive at about the configured rate (half of it allows for a busy machine).
    const perSecond = (second.ordersEnd - first.ordersEnd) / ((second.atMs - first.atMs) / 1000);
    expect(perSecond).toBeGreaterThan(RATE / 2);

    const dead = await deadLetter;
    expect(dead.headers).toMatchObject({ "x-error-class": "OutOfStockError", "x-original-topic": `${run}.orders.enriched`, "x-attempts": "3" });
    expect(dead.headers["x-error-message"]).toMatch(/^DISCONTINUED-\d+ is discontinued/);
    expect((JSON.parse(dead.value) as { items: { sku: string }[] }).items.some((i) => i.sku.startsWith("DISCONTINUED-"))).toBe(true);

    await traffic.stop();
    expect(pids.filter(alive)).toEqual([]);
    expect(traffic.pids()).toEqual([]);
    // No service crashed and was restarted along the way.
    expect(lines.filter((l) => l.includes("restarting"))).toEqual([]);
  }, 120_000);
});

describe("the demo's cluster", () => {
  it("registers the demo broker once, links the sample flow to it, and follows the broker when it moves", async () => {
    const stores = await openStores();
    try {
      const db = stores[0]!.db;
      await createUser(db, { email: "admin@example.com", name: "Admin", password: "long-enough-pass", role: "admin" });
      expect(await seedDemo(db, { brokers: brokers.join(",") })).toBe(true);
      expect(await seedDemo(db, { brokers: brokers.join(",") })).toBe(false); // a restart: nothing new
      const clusters = await db.cluster.findMany({ select: { id: true, name: true, brokers: true } });
      expect(clusters).toEqual([{ id: expect.any(String), name: DEMO_CLUSTER_NAME, brokers }]);
      expect(await db.flow.findMany({ select: { name: true, clusterId: true } })).toEqual([{ name: "Order fulfilment", clusterId: clusters[0]!.id }]);

      await seedDemo(db, { brokers: "127.0.0.1:19092" });
      expect(await db.cluster.findMany({ select: { name: true, brokers: true } })).toEqual([{ name: DEMO_CLUSTER_NAME, brokers: ["127.0.0.1:19092"] }]);
    } finally {
      for (const s of stores) await s.stop();
    }
  });
});
