// The live view's poller against the real broker: exact lag per partition and plausible seconds,
// STALL for a consumer that stopped, the flow subscription and the metrics endpoint fed by one
// poller, and an outage: the cluster is reported unreachable while the broker is down and comes
// back by itself when it restarts.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { orderFulfilmentFlow } from "@/server/flow/samples/order-fulfilment";
import { ClusterPoller } from "@/server/kafka/poller";
import { committedOffsets, consumeWithGroup, createTopic, produce } from "@/server/kafka/test-helpers";
import { designedGroupId, designedTopics, flowOverlay } from "@/server/observe/overlay";
import { createCluster, clusterConfig } from "@/server/services/clusters";
import { createFlow } from "@/server/services/flows";
import { pollerFor, stopPoller } from "@/server/services/live";
import { metricsAuthorized, metricsText } from "@/server/services/metrics";
import { startKafka, stopKafka } from "@/scripts/kafka.mjs";
import { roleUsers } from "../support/callers";
import { openStores } from "../support/stores";

process.env.FLOWLENS_SECRET_KEY ??= randomBytes(32).toString("hex");
process.env.FLOWLENS_POLL_INTERVAL_MS = "1000";
const METRICS_TOKEN = randomBytes(24).toString("base64url");
process.env.FLOWLENS_METRICS_TOKEN = METRICS_TOKEN;

const brokers = inject("kafkaBrokers");
const kafkaDir = inject("kafkaDir");
// CI must not skip the outage test silently.
if (process.env.CI && !kafkaDir) throw new Error("CI: the broker-restart test needs the broker's data directory (FLOWLENS_KAFKA_DIR)");
const list = brokers.split(",");
const [store] = await openStores();
const db = store!.db;
const { viewer, admin, as } = await roleUsers(db);
const cluster = await createCluster(db, admin.id, { name: "Test broker", brokers: list, saslMechanism: null, tls: false, tlsRejectUnauthorized: true });
afterAll(async () => {
  await stopPoller(cluster.id);
  await store!.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("cluster poller", () => {
  const topic = `obs-${randomUUID()}`;
  const group = `g-${topic}`;

  it("reports exact lag per partition, none where the group never committed, and plausible seconds", async () => {
    await createTopic(list, topic, 3);
    const producedAt = Date.now();
    await produce(list, topic, Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: JSON.stringify({ n: i }), partition: i % 3 })));
    await consumeWithGroup(list, topic, group, 12);
    const committed = new Map((await committedOffsets(list, group, topic)).filter((o) => o.offset >= 0).map((o) => [o.partition, o.offset]));

    const poller = new ClusterPoller({ clusterId: "direct", config: () => clusterConfig(db, cluster.id), intervalMs: 60_000, stampIntervalMs: 0 });
    try {
      let snap = await poller.pollOnce();
      expect(snap.status).toMatchObject({ state: "ok", error: null });
      // Record timestamps are read in the background after a poll; the next poll uses them.
      await sleep(3000);
      snap = await poller.pollOnce();
      const g = snap.live!.groups.find((x) => x.groupId === group)!;
      expect(g.partitions).toHaveLength(3);
      for (const p of g.partitions) {
        expect(p.end).toBe(10);
        const c = committed.get(p.partition);
        if (c === undefined) expect(p).toMatchObject({ committed: null, lag: null, status: "NOTFOUND" });
        else expect(p).toMatchObject({ committed: c, lag: 10 - c });
        if ((p.lag ?? 0) > 0) {
          expect(p.timeLagSource).toBe("record");
          expect(p.timeLagMs).toBeGreaterThan(0);
          expect(p.timeLagMs).toBeLessThanOrEqual(Date.now() - producedAt + 1000);
        }
      }
      expect(g.totalLag).toBe([...committed.values()].reduce((n, c) => n + (10 - c), 0));
      expect(snap.live!.groups.some((x) => x.groupId.startsWith("flowlens-peek-"))).toBe(false);
    } finally {
      await poller.stop();
    }
  }, 90_000);

  it("sees a consumer that stopped while records keep arriving as STALL, and the group as ERR", async () => {
    const poller = new ClusterPoller({ clusterId: "stall", config: () => clusterConfig(db, cluster.id), intervalMs: 60_000 });
    try {
      // Burrow needs a full window (10 polls) before it calls a partition stalled.
      for (let i = 0; i < 10; i++) {
        await produce(list, topic, [0, 1, 2].map((partition) => ({ key: `more-${i}`, value: "{}", partition })));
        await poller.pollOnce();
        await sleep(200);
      }
      const g = poller.current().live!.groups.find((x) => x.groupId === group)!;
      const lagging = g.partitions.filter((p) => (p.lag ?? 0) > 0 && p.committed !== null);
      expect(lagging.length).toBeGreaterThan(0);
      for (const p of lagging) expect(p.status).toBe("STALL");
      expect(g.status).toBe("ERR");
      // Producing went on: the topic shows a rate.
      expect(poller.current().live!.topics.find((t) => t.topic === topic)!.rate).toBeGreaterThan(0);
    } finally {
      await poller.stop();
    }
  }, 90_000);
});

describe("the flow subscription and /api/metrics share the cluster's poller", () => {
  it("streams the flow's groups and topics to a viewer, who lays them over the design", async () => {
    // The sample flow with topic and group names of its own: other tests use the sample's names on this broker.
    const suffix = randomUUID().slice(0, 8);
    const sample = orderFulfilmentFlow();
    const doc = {
      ...sample,
      nodes: sample.nodes.map((n) =>
        n.kind === "topic" || n.kind === "dlq" ? { ...n, name: `${n.name}-${suffix}` } : n.kind === "consumer" || n.kind === "transformer" ? { ...n, groupId: `${designedGroupId(n)}-${suffix}` } : n,
      ),
    };
    const enriched = `orders.enriched-${suffix}`;
    const fulfilment = doc.nodes.find((n) => n.name === "fulfilment")!;
    const groupId = designedGroupId(fulfilment)!;
    await createTopic(list, enriched, 3);
    await produce(list, enriched, Array.from({ length: 60 }, (_, i) => ({ key: `o${i}`, value: "{}", partition: i % 3 })));
    await consumeWithGroup(list, enriched, groupId, 5);
    const committed = (await committedOffsets(list, groupId, enriched)).filter((o) => o.offset >= 0);
    const expectedLag = committed.reduce((n, o) => n + (20 - o.offset), 0);
    expect(expectedLag).toBeGreaterThan(0);
    const flow = await createFlow(db, admin.id, { name: doc.name, doc });
    await as(admin).flows.linkCluster({ flowId: flow.id, clusterId: cluster.id });

    const stream = await as(viewer).observe.watchFlow({ flowId: flow.id });
    let report = null;
    // Leaving the loop ends the subscription (the iterator's return), as closing a tab does.
    for await (const r of stream) {
      if (r.live?.groups.some((g) => g.groupId === groupId)) {
        report = r;
        break;
      }
    }
    expect(report!.status.state).toBe("ok");
    // Only what this flow shows: its groups and designed topics, not every topic of the cluster.
    const shown = report!.live!.topics.map((t) => t.topic);
    expect(shown).toContain(enriched);
    for (const t of shown) expect(designedTopics(doc)).toContain(t);
    expect(report!.live!.groups.map((g) => g.groupId)).not.toContain(`g-obs-`);
    for (const g of report!.live!.groups) expect(g.groupId === groupId || g.topics.some((t) => designedTopics(doc).includes(t))).toBe(true);
    const overlay = flowOverlay(doc, report!.live!);
    expect(overlay.nodes[fulfilment.id]).toMatchObject({ kind: "group", found: true, totalLag: expectedLag });

    const poller = await pollerFor(db, cluster.id);
    expect(poller.current().status.state).toBe("ok");
    // Seconds appear once the records the group sits at have been read (in the background, after a poll).
    let body = "";
    const secondsOf = `flowlens_consumergroup_partition_lag_seconds{cluster="Test broker",group="${groupId}",`;
    for (let i = 0; i < 60 && !body.includes(secondsOf); i++) {
      await sleep(500);
      body = (await metricsText(db)).body;
    }
    expect(body).toContain(`flowlens_consumergroup_lag{cluster="Test broker",group="${groupId}"} ${expectedLag}`);
    const secondsLines = body.split("\n").filter((l) => l.startsWith(`flowlens_consumergroup_partition_lag_seconds{cluster="Test broker",group="${groupId}",topic="${enriched}",`));
    expect(secondsLines.length).toBeGreaterThan(0);
    for (const l of secondsLines) expect(Number(l.split(" ").pop())).toBeGreaterThanOrEqual(0);
    expect(body).toContain('flowlens_cluster_up{cluster="Test broker"} 1');
  }, 90_000);

  it("refuses the signed-out, and a flow with no cluster", async () => {
    const bare = await createFlow(db, admin.id, { name: "Unlinked" });
    await expect(as(null).observe.watchFlow({ flowId: bare.id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const stream = await as(viewer).observe.watchFlow({ flowId: bare.id });
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toThrow(/not linked to a cluster/);
    expect(await metricsAuthorized(db, null)).toBe(false);
    expect(await metricsAuthorized(db, "Bearer not-a-token")).toBe(false);
    expect(await metricsAuthorized(db, `Bearer ${METRICS_TOKEN}`)).toBe(true);
    expect(await metricsAuthorized(db, `Basic ${METRICS_TOKEN}`)).toBe(false);
    expect(await metricsAuthorized(db, `Bearer ${METRICS_TOKEN}x`)).toBe(false);
    const token = await as(viewer).tokens.create({ name: "prometheus" });
    expect(await metricsAuthorized(db, `Bearer ${token.token}`)).toBe(true);
  });
});

describe("an outage", () => {
  it.skipIf(!kafkaDir)("is reported as unreachable while the broker is down, and recovers on its own after a restart", async () => {
    const port = Number(list[0]!.split(":").pop());
    const poller = new ClusterPoller({ clusterId: "outage", config: () => clusterConfig(db, cluster.id), intervalMs: 60_000 });
    try {
      expect((await poller.pollOnce()).status.state).toBe("ok");
      await stopKafka({ dir: kafkaDir });
      const down = await poller.pollOnce();
      expect(down.status.state).toBe("unreachable");
      expect(down.status.error).toMatch(/unreachable|connect|ECONNREFUSED|closed/i);
      // The last figures stay, marked by when they were read: before the outage began.
      expect(down.live).not.toBeNull();
      expect(down.status.lastSuccessMs).toBe(down.live!.atMs);
      expect(down.status.lastSuccessMs!).toBeLessThanOrEqual(down.status.sinceMs);
    } finally {
      await startKafka({ port, dir: kafkaDir });
    }
    try {
      let state = "unreachable";
      for (let i = 0; i < 30 && state !== "ok"; i++) {
        state = (await poller.pollOnce()).status.state;
        if (state !== "ok") await sleep(1000);
      }
      expect(state).toBe("ok");
    } finally {
      await poller.stop();
    }
  }, 180_000);
});

describe("changing a cluster while it is watched", () => {
  it("keeps open views and history when its settings change, and ends them when it is deleted", async () => {
    const other = await createCluster(db, admin.id, { name: "Renamed later", brokers: list, saslMechanism: null, tls: false, tlsRejectUnauthorized: true });
    const stream = (await as(viewer).observe.watchCluster({ clusterId: other.id }))[Symbol.asyncIterator]();
    let first = await stream.next();
    while (first.value?.status.state !== "ok") first = await stream.next();
    const poller = await pollerFor(db, other.id);

    // An admin points it at a closed port: the same view reports the outage, then the fix.
    await as(admin).clusters.update({ id: other.id, name: "Renamed later", brokers: "127.0.0.1:1", saslMechanism: null, tls: false, tlsRejectUnauthorized: true });
    let next = await stream.next();
    while (next.value?.status.state !== "unreachable") next = await stream.next();
    expect(next.value!.status.error).toMatch(/127\.0\.0\.1:1/);
    await as(admin).clusters.update({ id: other.id, name: "Renamed later", brokers: list.join(","), saslMechanism: null, tls: false, tlsRejectUnauthorized: true });
    next = await stream.next();
    while (next.value?.status.state !== "ok") next = await stream.next();
    // Same poller throughout: its lag history was kept.
    expect(await pollerFor(db, other.id)).toBe(poller);

    await as(admin).clusters.delete({ id: other.id });
    let end = await stream.next();
    while (!end.done) end = await stream.next();
    expect(end.done).toBe(true);
  }, 90_000);
});
