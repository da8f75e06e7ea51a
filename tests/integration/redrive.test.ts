// DLQ redrive against the real broker: every record arrives across a broker restart and across a
// runner that dies mid-batch (with the possible duplicates counted), the loop guard, original and
// chosen targets, records with nowhere to go, filters and chosen records, the rate limit, cancel,
// giving up, the audit log, and who may do what.
import { randomBytes, randomUUID } from "node:crypto";
import { connect } from "node:net";
import { afterAll, describe, expect, inject, it } from "vitest";
import { orderFulfilmentFlow } from "@/server/flow/samples/order-fulfilment";
import { createKafka } from "@/server/kafka/client";
import { redriveRunners, RedriveRunners, type JobStore } from "@/server/kafka/redrive";
import { openRecordReader, type KafkaRecord } from "@/server/kafka/records";
import { createTopic, produce, type ProducedMessage } from "@/server/kafka/test-helpers";
import { REDRIVE_COUNT_HEADER, REDRIVE_SOURCE_HEADER } from "@/server/observe/redrive";
import { clusterConfig, createCluster, linkFlow } from "@/server/services/clusters";
import { createFlow } from "@/server/services/flows";
import { cancelRedrive, getRedrive, resumeRedriveJobs, startRedrive, type RedriveView, type StartRedriveInput } from "@/server/services/redrive";
import { startKafka, stopKafka } from "@/scripts/kafka.mjs";
import { roleUsers } from "../support/callers";
import { openStores } from "../support/stores";

process.env.FLOWLENS_SECRET_KEY ??= randomBytes(32).toString("hex");

const brokers = inject("kafkaBrokers");
const kafkaDir = inject("kafkaDir");
// CI must not skip the outage test silently.
if (process.env.CI && !kafkaDir) throw new Error("CI: the broker-restart test needs the broker's data directory (FLOWLENS_KAFKA_DIR)");
const list = brokers.split(",");
const port = Number(list[0]!.split(":").pop());
const [store] = await openStores();
const db = store!.db;
const { viewer, editor, admin, as } = await roleUsers(db);
const cluster = await createCluster(db, admin.id, { name: "Test broker", brokers: list, saslMechanism: null, tls: false, tlsRejectUnauthorized: true });
const cfg = await clusterConfig(db, cluster.id);
const runners = new RedriveRunners();
if (!kafkaDir) {
  console.warn("redrive: skipping the broker-restart test: the broker was given by KAFKA_BROKERS and FLOWLENS_KAFKA_DIR does not say where its data is, so it cannot be restarted here.");
}

afterAll(async () => {
  // Whatever happened, the broker is up for the files after this one.
  if (kafkaDir && !(await portOpen(port))) await startKafka({ port, dir: kafkaDir });
  await runners.stopAll();
  // Jobs started through the API run on the process's own runners.
  await redriveRunners().stopAll();
  await store!.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function portOpen(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port: p }, () => (s.destroy(), resolve(true)));
    s.on("error", () => resolve(false));
  });
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s (last: ${JSON.stringify(v)})`);
    await sleep(100);
  }
}

/** Waits until the broker answers metadata with a leader for every partition of the topics. */
async function waitForLeaders(topics: string[]) {
  await until(
    "partition leaders after the restart",
    async () => {
      const a = createKafka({ brokers: list, clientId: "flowlens-test" }).admin();
      try {
        await a.connect();
        const { topics: meta } = await a.fetchTopicMetadata({ topics });
        return meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      } catch {
        return false;
      } finally {
        await a.disconnect().catch(() => undefined);
      }
    },
    (ready) => ready,
    120_000,
  );
}

/** Every record of a topic, read without a consumer group. */
async function readAll(topic: string): Promise<KafkaRecord[]> {
  const reader = await openRecordReader(cfg);
  try {
    const out: KafkaRecord[] = [];
    for (const b of await reader.bounds(topic)) {
      for (let from = b.start; from < b.end; ) {
        const page = await reader.fetchPartition(topic, b.partition, from, b.end, { max: 5000 });
        if (!page.length) break;
        out.push(...page);
        from = page[page.length - 1]!.offset + 1;
      }
    }
    return out;
  } finally {
    await reader.close();
  }
}

const header = (r: KafkaRecord, key: string) => r.headers.find((h) => h.key === key)?.value?.toString() ?? null;

/** A record as a Flowlens stub dead-letters it. */
function deadLetter(originalTopic: string | null, i: number, extra: Record<string, string> = {}): ProducedMessage {
  return {
    key: i % 2 ? `order-${i}` : null,
    value: JSON.stringify({ orderId: i }),
    partition: i % 3,
    headers: {
      traceparent: `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01`,
      ...(originalTopic ? { "x-original-topic": originalTopic } : {}),
      "x-original-partition": String(i % 3),
      "x-original-offset": String(i),
      "x-error-class": i % 5 === 0 ? "TimeoutError" : "SchemaValidationError",
      "x-error-message": "amount must be a number",
      "x-attempts": "3",
      "x-failed-at": new Date().toISOString(),
      ...extra,
    },
  };
}

/** A DLQ of `count` records (3 partitions) whose original topic exists. */
async function seed(count: number, make: (original: string, i: number) => ProducedMessage = (o, i) => deadLetter(o, i)) {
  const original = `orders-${randomUUID()}`;
  const dlq = `${original}.dlq`;
  await createTopic(list, original, 3);
  await createTopic(list, dlq, 3);
  await produce(list, dlq, Array.from({ length: count }, (_, i) => make(original, i)));
  return { original, dlq };
}

const sources = (records: KafkaRecord[]) => records.map((r) => header(r, REDRIVE_SOURCE_HEADER));

/** The dead-letter records, as the "topic/partition/offset" each redriven copy names. */
async function expectedSources(dlq: string) {
  return new Set((await readAll(dlq)).map((r) => `${dlq}/${r.partition}/${r.offset}`));
}

const input = (dlq: string, over: Partial<StartRedriveInput> = {}): StartRedriveInput => ({
  clusterId: cluster.id,
  sourceTopic: dlq,
  target: { mode: "original" },
  selection: { kind: "range" },
  ratePerSecond: 5000,
  ...over,
});

async function settled(id: string, r = runners): Promise<RedriveView> {
  await r.settled(id);
  return getRedrive(db, id);
}

describe("redrive across a broker restart", () => {
  it.skipIf(!kafkaDir)("delivers all 10,000 records when the broker stops midway, and counts any duplicates", async () => {
    const total = 10_000;
    const { original, dlq } = await seed(total);
    // 1000 a second: about ten seconds of sending, with the broker gone for a while in the middle.
    const job = await startRedrive(db, editor.id, input(dlq, { ratePerSecond: 1000 }), { runners });
    expect(job).toMatchObject({ status: "queued", total });

    const midway = await until("some records sent", () => getRedrive(db, job.id), (j) => j.sent >= 1000);
    expect(midway.sent).toBeLessThan(total);
    let brokerDown = false;
    try {
      await stopKafka({ dir: kafkaDir });
      brokerDown = true;
      // The job waits the outage out instead of failing, and says why.
      const waiting = await until("the job to notice the outage", () => getRedrive(db, job.id), (j) => j.status === "retrying");
      expect(waiting.lastError).toBeTruthy();
      expect(waiting.sent).toBeLessThan(total);
      await sleep(3000);
    } finally {
      if (brokerDown || !(await portOpen(port))) await startKafka({ port, dir: kafkaDir });
    }
    await waitForLeaders([original, dlq]);

    const done = await until("the job to finish", () => getRedrive(db, job.id), (j) => j.status !== "running" && j.status !== "retrying" && j.status !== "queued", 180_000);
    expect(done).toMatchObject({ status: "done", total, scanned: total, sent: total, skippedLoop: 0, skippedNoTarget: 0, fraction: 1, inFlight: null });

    const received = await readAll(original);
    const got = new Set(sources(received));
    expect(got.size).toBe(total);
    expect(got).toEqual(await expectedSources(dlq));
    expect(done.duplicates).toBeGreaterThanOrEqual(0);
    expect(received.length - total).toBe(done.duplicates);
  }, 300_000);
});

describe("a runner that dies mid-batch", () => {
  it("is resumed from its checkpoint: every record arrives, and the range it had in flight is counted as duplicates", async () => {
    const total = 600;
    const { original, dlq } = await seed(total);
    const doomed = new RedriveRunners();
    let marked = 0;
    let died = Promise.resolve();
    // The process dies after sending its third batch, before it could checkpoint it.
    const crashAfterThirdSend = (s: JobStore): JobStore => ({
      ...s,
      async save(jobId, runnerId, cp) {
        if (cp.progress.inFlight) marked++;
        else if (marked === 3) {
          died = doomed.stopAll();
          throw new Error("the process died");
        }
        return s.save(jobId, runnerId, cp);
      },
    });
    const job = await startRedrive(db, editor.id, input(dlq, { ratePerSecond: 200 }), { runners: doomed, wrapStore: crashAfterThirdSend });
    await doomed.settled(job.id);
    await died;

    const left = await getRedrive(db, job.id);
    expect(left.status).toBe("running");
    expect(left.inFlight).not.toBeNull();
    expect(left.sent).toBe(80);
    const inFlight = left.inFlight!.to - left.inFlight!.from;
    expect(inFlight).toBe(40);

    expect(await resumeRedriveJobs(db, { runners })).toContain(job.id);
    const done = await settled(job.id);
    expect(done).toMatchObject({ status: "done", sent: total, scanned: total, inFlight: null });
    // The runner cannot know whether the range in flight was written: all of it is counted.
    expect(done.duplicates).toBeGreaterThanOrEqual(inFlight);

    const received = await readAll(original);
    expect(new Set(sources(received))).toEqual(await expectedSources(dlq));
    // It had been written before the crash: the target holds exactly the duplicates counted.
    expect(received.length - total).toBe(done.duplicates);
  }, 120_000);

  it("does not get a second runner while it runs here, and is not resumed once finished", async () => {
    const { dlq } = await seed(100);
    const job = await startRedrive(db, editor.id, input(dlq, { ratePerSecond: 20 }), { runners });
    // Every other job of this file has finished; this one already has its runner.
    expect(await resumeRedriveJobs(db, { runners })).toEqual([]);
    await cancelRedrive(db, editor.id, job.id, { runners });
    expect((await settled(job.id)).duplicates).toBe(0);
  });
});

describe("the loop guard and the target", () => {
  it("refuses records redriven 3 times already, counts the others up, and skips records with no original topic", async () => {
    const original = `payments-${randomUUID()}`;
    const dlq = `${original}-dlq`;
    await createTopic(list, original, 1);
    await createTopic(list, dlq, 1);
    await produce(list, dlq, [
      // Its original topic has been deleted since: nowhere to go either.
      deadLetter(`deleted-${randomUUID()}`, 99),
      ...Array.from({ length: 5 }, (_, i) => deadLetter(original, i)),
      ...Array.from({ length: 3 }, (_, i) => deadLetter(original, 5 + i, { [REDRIVE_COUNT_HEADER]: "3" })),
      ...Array.from({ length: 2 }, (_, i) => deadLetter(original, 8 + i, { [REDRIVE_COUNT_HEADER]: "1" })),
      ...Array.from({ length: 2 }, (_, i) => deadLetter(null, 10 + i)),
    ].map((m) => ({ ...m, partition: 0 })));

    const job = await startRedrive(db, editor.id, input(dlq), { runners });
    expect(await settled(job.id)).toMatchObject({ status: "done", total: 13, scanned: 13, sent: 7, skippedLoop: 3, skippedNoTarget: 3, duplicates: 0 });
    const back = await readAll(original);
    expect(back).toHaveLength(7);
    expect(back.map((r) => header(r, REDRIVE_COUNT_HEADER)).sort()).toEqual(["1", "1", "1", "1", "1", "2", "2"]);
    for (const r of back) {
      // Back as it was before it failed: the dead-letter headers are gone, its own are kept.
      expect(r.headers.map((h) => h.key)).not.toContain("x-error-class");
      expect(r.headers.map((h) => h.key)).not.toContain("x-original-topic");
      expect(header(r, "traceparent")).toMatch(/^00-/);
      expect(JSON.parse(r.value!.toString())).toHaveProperty("orderId");
    }

    // To a chosen topic, records without an original topic go too; the loop guard still holds.
    const replay = `${original}-replay`;
    await createTopic(list, replay, 2);
    const chosen = await startRedrive(db, editor.id, input(dlq, { target: { mode: "topic", topic: replay } }), { runners });
    expect(await settled(chosen.id)).toMatchObject({ status: "done", sent: 10, skippedLoop: 3, skippedNoTarget: 0 });
    expect(await readAll(replay)).toHaveLength(10);
  }, 60_000);

  it("redrives a flow's designed DLQ whatever its name, through a flow linked to the cluster", async () => {
    const original = `orders-${randomUUID()}`;
    const failures = `failures-${randomUUID()}`;
    await createTopic(list, original, 1);
    await createTopic(list, failures, 1);
    await produce(list, failures, [0, 1, 2].map((i) => ({ ...deadLetter(original, i), partition: 0 })));
    const doc = orderFulfilmentFlow();
    doc.nodes = doc.nodes.map((n) => (n.kind === "dlq" ? { ...n, name: failures } : n));
    const flow = await createFlow(db, admin.id, { name: "Designed DLQ", doc });

    await expect(startRedrive(db, editor.id, input(failures), { runners })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/is not a dead-letter queue/) });
    await expect(startRedrive(db, editor.id, input(failures, { flowId: flow.id }), { runners })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/not linked/) });
    await linkFlow(db, flow.id, cluster.id);
    const job = await startRedrive(db, editor.id, input(failures, { flowId: flow.id }), { runners });
    expect(await settled(job.id)).toMatchObject({ status: "done", flowId: flow.id, sent: 3 });
    expect((await as(viewer).redrive.list({ flowId: flow.id })).map((j) => j.id)).toEqual([job.id]);
    expect(await readAll(original)).toHaveLength(3);
  });

  it("fails, saying why, when the chosen topic is deleted while records are being sent to it", async () => {
    const { dlq } = await seed(500);
    const replay = `replay-${randomUUID()}`;
    await createTopic(list, replay, 1);
    const job = await startRedrive(db, editor.id, input(dlq, { target: { mode: "topic", topic: replay }, ratePerSecond: 100 }), { runners });
    await until("some records sent", () => getRedrive(db, job.id), (j) => j.sent > 0);
    const a = createKafka({ brokers: list, clientId: "flowlens-test" }).admin();
    await a.connect();
    await a.deleteTopics({ topics: [replay] }).finally(() => a.disconnect());
    const failed = await settled(job.id);
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toBe(`The target topic "${replay}" no longer exists.`);
    expect(failed.sent).toBeLessThan(500);
  }, 60_000);

  it("refuses a chosen topic that does not exist, the DLQ itself as target, and topics that are not DLQs", async () => {
    const { dlq, original } = await seed(3);
    await expect(startRedrive(db, editor.id, input(dlq, { target: { mode: "topic", topic: `nope-${randomUUID()}` } }), { runners })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/does not exist on this cluster\. A redrive never creates topics/),
    });
    await expect(startRedrive(db, editor.id, input(dlq, { target: { mode: "topic", topic: dlq } }), { runners })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(startRedrive(db, editor.id, input(original), { runners })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/is not a dead-letter queue/),
    });
    await expect(startRedrive(db, editor.id, input(`gone-${randomUUID()}.dlq`), { runners })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/does not exist/) });
    await expect(
      startRedrive(db, editor.id, input(dlq, { selection: { kind: "records", records: [{ partition: 0, offset: 999 }] } }), { runners }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/0\/999 is not in the topic/) });
    // Nothing was started by the refusals.
    expect(await db.redriveJob.count({ where: { sourceTopic: dlq } })).toBe(0);
  });
});

describe("what is redriven", () => {
  it("sends only the records that pass the filter, and counts the rest as filtered out", async () => {
    const { original, dlq } = await seed(30);
    const job = await startRedrive(db, editor.id, input(dlq, { selection: { kind: "range", filter: { errorClass: "TimeoutError" } } }), { runners });
    expect(await settled(job.id)).toMatchObject({ status: "done", total: 30, sent: 6, filteredOut: 24 });
    const back = await readAll(original);
    expect(back.map((r) => JSON.parse(r.value!.toString()).orderId % 5)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("sends chosen records only, once each, and a range of one partition", async () => {
    const { original, dlq } = await seed(30);
    const job = await startRedrive(
      db,
      editor.id,
      input(dlq, { selection: { kind: "records", records: [{ partition: 1, offset: 3 }, { partition: 2, offset: 0 }, { partition: 1, offset: 3 }] } }),
      { runners },
    );
    expect(await settled(job.id)).toMatchObject({ status: "done", total: 2, scanned: 2, sent: 2 });
    expect(new Set(sources(await readAll(original)))).toEqual(new Set([`${dlq}/1/3`, `${dlq}/2/0`]));

    const one = await startRedrive(db, editor.id, input(dlq, { selection: { kind: "range", partitions: [{ partition: 0, from: 5 }] } }), { runners });
    expect(await settled(one.id)).toMatchObject({ status: "done", total: 5, sent: 5 });
  });
});

describe("pacing, progress and cancel", () => {
  it("keeps to the rate: 200 records at 100 a second take at least 1.5 s, and the progress bar moves up to full", async () => {
    const { original, dlq } = await seed(200);
    const t0 = Date.now();
    const job = await as(editor).redrive.start({ clusterId: cluster.id, sourceTopic: dlq, target: { mode: "original" }, selection: { kind: "range" }, ratePerSecond: 100 });
    const updates: RedriveView[] = [];
    for await (const v of await as(viewer).redrive.watch({ id: job.id })) updates.push(v);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
    const last = updates.at(-1)!;
    expect(last).toMatchObject({ status: "done", sent: 200, fraction: 1 });
    expect(updates.some((u) => u.fraction > 0 && u.fraction < 1)).toBe(true);
    const fractions = updates.map((u) => u.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(await readAll(original)).toHaveLength(200);
  }, 60_000);

  it("stops a cancelled job after the batch it is sending, with exact counts", async () => {
    const { original, dlq } = await seed(300);
    const job = await startRedrive(db, editor.id, input(dlq, { ratePerSecond: 50 }), { runners });
    await until("some records sent", () => getRedrive(db, job.id), (j) => j.sent > 0);
    await expect(as(viewer).redrive.cancel({ id: job.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await as(editor).redrive.cancel({ id: job.id });
    const ended = await settled(job.id);
    expect(ended).toMatchObject({ status: "cancelled", cancelledById: editor.id, inFlight: null });
    expect(ended.sent).toBeLessThan(300);
    expect(await readAll(original)).toHaveLength(ended.sent);
    await expect(as(editor).redrive.cancel({ id: job.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const audit = await db.auditLog.findMany({ where: { target: job.id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["dlq.redrive", "dlq.redrive.cancel", "dlq.redrive"]);
    expect(audit[2]!.detail).toMatchObject({ phase: "cancelled", sent: ended.sent, cancelledById: editor.id });
  }, 60_000);

  it("fails, saying why, once the cluster has been unreachable for longer than the give-up time", async () => {
    const { dlq } = await seed(10);
    let calls = 0;
    // The job is planned against the real broker; its runner then finds nobody there.
    const config = async () => (calls++ === 0 ? cfg : { brokers: ["127.0.0.1:1"], clientId: "flowlens-test", connectionTimeoutMs: 300 });
    const job = await startRedrive(db, editor.id, input(dlq), { runners, clusterConfig: config, giveUpAfterMs: 1500, backoff: { initialMs: 100, maxMs: 300 } });
    const failed = await settled(job.id);
    expect(failed).toMatchObject({ status: "failed", sent: 0 });
    expect(failed.lastError).toMatch(/^Gave up after \d+ s of errors/);
  }, 60_000);
});

describe("audit and roles", () => {
  it("writes who redrove what and how many when a job starts, and the outcome when it ends", async () => {
    const { dlq } = await seed(12);
    const job = await as(editor).redrive.start({ clusterId: cluster.id, sourceTopic: dlq, target: { mode: "original" }, selection: { kind: "range" }, ratePerSecond: 1000 });
    await until("the job to finish", () => getRedrive(db, job.id), (j) => j.status === "done");
    const audit = await db.auditLog.findMany({ where: { target: job.id, action: "dlq.redrive" }, orderBy: { at: "asc" } });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorId: editor.id, detail: { phase: "started", sourceTopic: dlq, target: "original", total: 12, selection: { kind: "range" } } });
    expect(audit[1]).toMatchObject({ actorId: editor.id, detail: { phase: "done", sent: 12, skippedLoop: 0, skippedNoTarget: 0, duplicates: 0 } });
  });

  it("lets viewers watch and list redrives but not start one", async () => {
    const { dlq } = await seed(3);
    await expect(
      as(viewer).redrive.start({ clusterId: cluster.id, sourceTopic: dlq, target: { mode: "original" }, selection: { kind: "range" }, ratePerSecond: 100 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as(null).redrive.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const listed = await as(viewer).redrive.list({ clusterId: cluster.id });
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((j) => j.clusterId === cluster.id)).toBe(true);
    expect(listed.some((j) => j.sourceTopic === dlq)).toBe(false);
    expect(await as(viewer).redrive.get({ id: listed[0]!.id })).toMatchObject({ id: listed[0]!.id });
    await expect(as(viewer).redrive.get({ id: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
