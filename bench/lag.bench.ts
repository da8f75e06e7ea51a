// Issue 5: lag refresh for 50 groups × 200 partitions, against Kafka's own consumer-groups tool
// (ConsumerGroupCommand --describe --all-groups, same jars, same broker). Goal: ≤ 0.5× its wall
// time, with equal values.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kafkaToolArgs, startKafka, stopKafka } from "../scripts/kafka.mjs";
import { createKafka } from "../server/kafka/client";
import { readOffsets } from "../server/kafka/offsets";
import { messageLag } from "../server/observe/lag";
import { stats } from "./lib/app";

const TOPICS = 10;
const PARTITIONS = 20; // 10 × 20 = 200 partitions per group
const GROUPS = 50;
const ROUNDS = Number(process.env.ROUNDS ?? 5);

const dir = mkdtempSync(join(tmpdir(), "flowlens-bench-kafka-"));
const port = 29600 + (process.pid % 200) * 2;
const step = (s: string) => process.stderr.write(`lag bench: ${s}\n`);
step("starting a broker");
const { brokers } = (await startKafka({ port, dir })) as { brokers: string };
const kafka = createKafka({ brokers: [brokers], clientId: "flowlens-bench", requestTimeoutMs: 30_000 });
const admin = kafka.admin();

type Row = { group: string; topic: string; partition: number; committed: number | null; end: number; lag: number | null };
const key = (r: { group: string; topic: string; partition: number }) => `${r.group}/${r.topic}/${r.partition}`;

/** Runs Kafka's ConsumerGroupCommand with fixed arguments; resolves with its standard output. */
function java(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("java", kafkaToolArgs("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand", args), { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`ConsumerGroupCommand exited ${code}: ${err.slice(0, 500)}`))));
  });
}

function runTool(): Promise<{ ms: number; rows: Row[] }> {
  const start = performance.now();
  return java(["--bootstrap-server", brokers, "--describe", "--all-groups"]).then((out) => {
      const ms = performance.now() - start;
      const rows: Row[] = [];
      for (const line of out.split("\n")) {
        const f = line.trim().split(/\s+/);
        if (f.length < 6 || f[0] === "GROUP" || !f[0]!.startsWith("bench-g")) continue;
        const [group, topic, partition, current, end, lag] = f;
        rows.push({ group: group!, topic: topic!, partition: Number(partition), committed: current === "-" ? null : Number(current), end: Number(end), lag: lag === "-" ? null : Number(lag) });
      }
      return { ms, rows };
  });
}

async function runFlowlens(): Promise<{ ms: number; rows: Row[] }> {
  const start = performance.now();
  const snap = await readOffsets(admin);
  const ends = new Map(snap.topics.flatMap((t) => t.partitions.map((p) => [`${t.topic}/${p.partition}`, p.end] as const)));
  const rows: Row[] = [];
  for (const g of snap.groups) {
    for (const o of g.offsets) {
      const end = ends.get(`${o.topic}/${o.partition}`) ?? 0;
      rows.push({ group: g.groupId, topic: o.topic, partition: o.partition, committed: o.committed, end, lag: messageLag(end, o.committed) });
    }
  }
  return { ms: performance.now() - start, rows: rows.filter((r) => r.group.startsWith("bench-g")) };
}

try {
  await admin.connect();
  step("creating topics and records");
  const topics = Array.from({ length: TOPICS }, (_, i) => `bench-lag-${i}`);
  await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })) });
  // Fresh topics: their leaders may take a moment to reach the metadata the producer reads.
  const producer = kafka.producer({ retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 2000 } });
  await producer.connect();
  for (const topic of topics) {
    const messages = [];
    for (let p = 0; p < PARTITIONS; p++) for (let i = 0; i < 20 + p; i++) messages.push({ partition: p, value: `m${i}` });
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  step("committing offsets for 50 groups");
  // Offsets are committed with Kafka's own tool (reset-offsets from a CSV, which creates the groups):
  // five batches of ten groups, each group at different offsets, one partition left uncommitted.
  for (let b = 0; b < GROUPS / 10; b++) {
    const csv = join(dir, `offsets-${b}.csv`);
    // With several groups the file names the group on each line: group,topic,partition,offset.
    const lines = Array.from({ length: 10 }, (_, i) => b * 10 + i).flatMap((g) =>
      topics.flatMap((topic, t) =>
        Array.from({ length: PARTITIONS }, (_, p) => (p === 0 && t === 0 ? null : `bench-g${String(g).padStart(2, "0")},${topic},${p},${(g * 7 + t * 3 + p) % (20 + p)}`)).filter(
          (x): x is string => x !== null,
        ),
      ),
    );
    writeFileSync(csv, lines.join("\n") + "\n");
    const groupArgs = Array.from({ length: 10 }, (_, i) => ["--group", `bench-g${String(b * 10 + i).padStart(2, "0")}`]).flat();
    const said = await java(["--bootstrap-server", brokers, ...groupArgs, "--reset-offsets", "--from-file", csv, "--execute"]);
    if (said.includes("Error")) throw new Error(`reset-offsets: ${said.slice(0, 500)}`);
  }
  const tool: number[] = [];
  const ours: number[] = [];
  let equal = true;
  let compared = 0;
  for (let i = 0; i < ROUNDS; i++) {
    step(`round ${i + 1}`);
    const a = await runTool();
    const b = await runFlowlens();
    tool.push(a.ms);
    ours.push(b.ms);
    const theirs = new Map(a.rows.map((r) => [key(r), r]));
    for (const r of b.rows) {
      const t = theirs.get(key(r));
      if (!t) continue; // the tool omits partitions a group never committed on
      compared++;
      if (t.committed !== r.committed || t.end !== r.end || t.lag !== r.lag) {
        equal = false;
        console.log("differs", key(r), t, r);
      }
    }
    if (i === 0) step(`rows: tool ${a.rows.length}, Flowlens ${b.rows.length} (${b.rows.filter((r) => r.committed === null).length} without a commit); e.g. ${a.rows[0] ? key(a.rows[0]) : "-"} / ${b.rows[0] ? key(b.rows[0]) : "-"}`);
    if (a.rows.length < GROUPS * (TOPICS * PARTITIONS - 1)) console.log(`tool listed ${a.rows.length} rows`);
  }
  const t = stats(tool);
  const o = stats(ours);
  console.log(`lag: ${GROUPS} groups × ${TOPICS * PARTITIONS} partitions (${GROUPS * TOPICS * PARTITIONS} group-partitions), ${ROUNDS} rounds, same broker`);
  console.log(`  Flowlens lag refresh (admin API, kafkajs)                       p50 ${o.p50.toFixed(0).padStart(6)} ms   max ${o.max.toFixed(0)} ms`);
  console.log(`  reference: ConsumerGroupCommand --describe --all-groups (JVM)  p50 ${t.p50.toFixed(0).padStart(6)} ms   max ${t.max.toFixed(0)} ms`);
  console.log(`  ratio ${(o.p50 / t.p50).toFixed(2)}× (goal ≤ 0.5× → ${o.p50 / t.p50 <= 0.5 ? "met" : "MISSED"}); values ${equal ? "equal" : "DIFFER"} on ${compared} comparisons`);
} finally {
  await admin.disconnect().catch(() => undefined);
  await stopKafka({ dir });
  rmSync(dir, { recursive: true, force: true });
}
