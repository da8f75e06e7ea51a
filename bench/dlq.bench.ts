// Issue "Live cluster view", DLQ browser: the first 500 records of a DLQ, against Debian's
// `kcat -C -c 500` (librdkafka, a process per run, as an operator would type it), same broker,
// same run. Goal: ≤ 2× kcat's wall time. Also the newest 500 (kcat: the last 167 of each partition).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKafka, stopKafka } from "../scripts/kafka.mjs";
import { createKafka, type ClusterConfig } from "../server/kafka/client";
import { openRecordReader, type RecordReader } from "../server/kafka/records";
import { browseRecords } from "../server/observe/dlq";
import { stats } from "./lib/app";

const RECORDS = 5000;
const PARTITIONS = 3;
const FIRST = 500;
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const KCAT = "/usr/bin/kcat";
const TOPIC = "bench-orders.dlq";

const dir = mkdtempSync(join(tmpdir(), "flowlens-bench-dlq-"));
const port = 29200 + (process.pid % 200) * 2;
const step = (s: string) => process.stderr.write(`dlq bench: ${s}\n`);
step("starting a broker");
const { brokers } = (await startKafka({ port, dir })) as { brokers: string };
const cfg: ClusterConfig = { brokers: [brokers], clientId: "flowlens-bench", requestTimeoutMs: 30_000 };

/** kcat with fixed arguments; resolves with the number of records it printed. */
function kcat(offset: string): Promise<number> {
  const args = ["-C", "-b", brokers, "-t", TOPIC, "-o", offset, "-c", String(FIRST), "-e", "-q", "-f", "%p %o %T %k %h %s\n"];
  return new Promise((resolve, reject) => {
    execFile(KCAT, args, { maxBuffer: 256 * 1024 * 1024, encoding: "utf8" }, (err, out) => {
      if (err) reject(err);
      else resolve(out.split("\n").filter(Boolean).length);
    });
  });
}

/** What the DLQ browser pays: connect, bounds, read and merge, views, the events as JSON (SSE), close. */
async function flowlensBrowse(newestFirst: boolean, open?: RecordReader): Promise<number> {
  const reader = open ?? (await openRecordReader(cfg));
  let n = 0;
  let wire = 0;
  try {
    for await (const e of browseRecords(reader, { topic: TOPIC, max: FIRST, newestFirst })) {
      wire += JSON.stringify(e).length;
      if (e.type === "data") n += e.records.length;
      if (e.type === "error") throw new Error(e.message);
    }
  } finally {
    if (!open) await reader.close();
  }
  if (!wire) throw new Error("nothing sent");
  return n;
}

/** The reader alone: connect, bounds, one partition-range read each, close (no views, no merge). */
async function flowlensRaw(newestFirst: boolean): Promise<number> {
  const reader = await openRecordReader(cfg);
  try {
    const share = Math.ceil(FIRST / PARTITIONS);
    const bounds = await reader.bounds(TOPIC);
    const parts = await Promise.all(
      bounds.map((b) => (newestFirst ? reader.fetchPartition(TOPIC, b.partition, Math.max(b.start, b.end - share), b.end, { max: share }) : reader.fetchPartition(TOPIC, b.partition, b.start, b.end, { max: share }))),
    );
    return Math.min(FIRST, parts.reduce((a, p) => a + p.length, 0));
  } finally {
    await reader.close();
  }
}

async function time(fn: () => Promise<number>): Promise<{ ms: number; n: number }> {
  const start = performance.now();
  const n = await fn();
  return { ms: performance.now() - start, n };
}

try {
  step(`creating ${TOPIC} with ${RECORDS} records of about 1 KB`);
  const kafka = createKafka(cfg);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer({ retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 2000 } });
  await producer.connect();
  const pad = "lorem ipsum dolor sit amet ".repeat(30);
  for (let i = 0; i < RECORDS; i += 100) {
    await producer.send({
      topic: TOPIC,
      messages: Array.from({ length: 100 }, (_, j) => {
        const n = i + j;
        return {
          partition: n % PARTITIONS,
          key: `order-${n}`,
          value: JSON.stringify({ orderId: `o-${n}`, customer: `c-${n % 97}`, amount: n * 1.5, lines: [{ sku: `s-${n % 13}`, qty: 1 + (n % 4) }], note: pad }),
          headers: {
            "x-original-topic": "bench-orders",
            "x-original-partition": String(n % PARTITIONS),
            "x-original-offset": String(Math.floor(n / PARTITIONS)),
            "x-error-class": n % 5 ? "TimeoutError" : "SchemaValidationError",
            "x-error-message": `handler failed for order ${n}`,
            "x-attempts": "3",
            "x-failed-at": new Date().toISOString(),
          },
        };
      }),
    });
  }
  await producer.disconnect();

  const rows = {
    kcatFirst: [] as number[],
    oursFirst: [] as number[],
    rawFirst: [] as number[],
    warmFirst: [] as number[],
    kcatLast: [] as number[],
    oursLast: [] as number[],
    rawLast: [] as number[],
  };
  const warm = await openRecordReader(cfg);
  const counts = new Set<string>();
  try {
    // Round 0 warms both sides up (JIT, page cache) and is not counted.
    for (let i = 0; i <= ROUNDS; i++) {
      step(i ? `round ${i}` : "warm-up round");
      const runs: [keyof typeof rows, () => Promise<number>][] = [
        ["kcatFirst", () => kcat("beginning")],
        ["oursFirst", () => flowlensBrowse(false)],
        ["rawFirst", () => flowlensRaw(false)],
        ["warmFirst", () => flowlensBrowse(false, warm)],
        ["kcatLast", () => kcat(`-${Math.ceil(FIRST / PARTITIONS)}`)],
        ["oursLast", () => flowlensBrowse(true)],
        ["rawLast", () => flowlensRaw(true)],
      ];
      // Alternate the order, so neither side always runs on a cache the other just warmed.
      if (i % 2) runs.reverse();
      for (const [name, fn] of runs) {
        const r = await time(fn);
        if (r.n !== FIRST) counts.add(`${name} read ${r.n}`);
        if (i) rows[name].push(r.ms);
      }
    }
  } finally {
    await warm.close();
  }
  const s = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, stats(v)])) as Record<keyof typeof rows, ReturnType<typeof stats>>;
  const line = (label: string, x: ReturnType<typeof stats>) => console.log(`  ${label.padEnd(64)} p50 ${x.p50.toFixed(1).padStart(7)} ms   max ${x.max.toFixed(1)} ms`);
  const verdict = (ours: number, ref: number) => `${(ours / ref).toFixed(2)}× (goal ≤ 2× → ${ours / ref <= 2 ? "met" : "MISSED"})`;
  console.log(`dlq: first ${FIRST} of ${RECORDS} records (~1 KB JSON, 7 dead-letter headers) over ${PARTITIONS} partitions, ${ROUNDS} rounds, same broker`);
  line("Flowlens browse, oldest first (connect, read, merge, views, JSON)", s.oursFirst);
  line("Flowlens reader only, oldest first (connect, fetch, close)", s.rawFirst);
  line("Flowlens browse on an open reader (no connect)", s.warmFirst);
  line("reference: kcat -C -o beginning -c 500 -e", s.kcatFirst);
  console.log(`  ratio ${verdict(s.oursFirst.p50, s.kcatFirst.p50)}; reader only ${(s.rawFirst.p50 / s.kcatFirst.p50).toFixed(2)}×`);
  line("Flowlens browse, newest first", s.oursLast);
  line("Flowlens reader only, last 167 per partition", s.rawLast);
  line(`reference: kcat -C -o -${Math.ceil(FIRST / PARTITIONS)} -c 500 -e`, s.kcatLast);
  console.log(`  ratio ${verdict(s.oursLast.p50, s.kcatLast.p50)}; reader only ${(s.rawLast.p50 / s.kcatLast.p50).toFixed(2)}×`);
  console.log(counts.size ? `  COUNTS DIFFER: ${[...counts].join(", ")}` : `  every run read ${FIRST} records`);
} finally {
  await stopKafka({ dir });
  rmSync(dir, { recursive: true, force: true });
}
