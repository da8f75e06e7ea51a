import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Partitioners, type IHeaders, type Message, type PartitionMetadata, type Producer } from "kafkajs";
import { matchesFilter } from "../observe/dlq";
import {
  backoffMs,
  batchSize,
  decideRedrive,
  fullBucket,
  keylessPartition,
  takeTokens,
  type PartitionProgress,
  type RecordHeader,
  type RedriveProgress,
  type RedriveSelection,
  type RedriveTarget,
  type TokenBucket,
} from "../observe/redrive";
import { createKafka, type ClusterConfig } from "./client";
import { openRecordReader, RecordReadError, type ClusterRecordReader, type KafkaRecord, type PartitionBounds } from "./records";

// The redrive runner: reads a dead-letter topic's selected range in batches, sends each batch with an
// idempotent producer (acks from all in-sync replicas), and checkpoints after every acknowledged batch.
//
// At-least-once, and honest about duplicates:
// - Before a batch is sent its offsets are saved as "in flight". A runner that dies between sending
//   and the checkpoint leaves them there; the job's next runner sends that range again and counts
//   what it sends as possible duplicates (they may or may not have been written).
// - A send that fails while this runner lives (a broker restart) is retried by the same producer
//   with the same sequence numbers, so the broker drops what it already has: no duplicate, none
//   counted. Each record's partition is fixed before the first attempt so that a retry lands where
//   the first attempt did. Only when the producer itself must be replaced are the records it may
//   have written counted as possible duplicates.
// - Broker trouble is waited out (status "retrying", backing off 0.5 s → 10 s) for up to
//   `giveUpAfterMs`; errors no wait can fix (a deleted topic, a refused authorization) fail the job.
//
// The database stays outside: the runner sees it through JobStore (server/services/redrive.ts).

export type RedriveStatus = "queued" | "running" | "retrying" | "done" | "failed" | "cancelled";
export const ACTIVE_STATUSES = ["queued", "running", "retrying"] as const satisfies readonly RedriveStatus[];

export interface RedriveCounters {
  /** Records of the selection settled (sent, skipped or filtered out), in offsets for a range. */
  scanned: number;
  /** Distinct records sent and acknowledged. */
  sent: number;
  /** Refused by the loop guard: redriven too many times already. */
  skippedLoop: number;
  /** No x-original-topic (or its topic no longer exists) when sending to the original topic. */
  skippedNoTarget: number;
  /** In the range, but not matching the filter. */
  filteredOut: number;
  /** Records sent again that may have been written before: what the target can hold beyond `sent`. */
  duplicates: number;
}

export const zeroCounters = (): RedriveCounters => ({ scanned: 0, sent: 0, skippedLoop: 0, skippedNoTarget: 0, filteredOut: 0, duplicates: 0 });

export interface RedriveJobState {
  id: string;
  clusterId: string;
  sourceTopic: string;
  target: RedriveTarget;
  ratePerSecond: number;
  maxRedrives: number;
  selection: RedriveSelection;
  progress: RedriveProgress;
  counters: RedriveCounters;
}

export interface RedriveCheckpoint {
  status: "running" | "retrying";
  progress: RedriveProgress;
  counters: RedriveCounters;
  lastError: string | null;
}

export interface RedriveOutcome {
  status: "done" | "failed" | "cancelled";
  progress: RedriveProgress;
  counters: RedriveCounters;
  lastError: string | null;
  /** How many times the runner backed off and tried again. */
  retries: number;
}

/** "cancelled": someone cancelled the job; "lost": another runner has taken it over. */
export type SaveResult = "ok" | "cancelled" | "lost";

export interface JobStore {
  /** Takes the job for this runner and marks it running; null when it is finished or gone. */
  claim(jobId: string, runnerId: string): Promise<RedriveJobState | null>;
  save(jobId: string, runnerId: string, checkpoint: RedriveCheckpoint): Promise<SaveResult>;
  finish(jobId: string, runnerId: string, outcome: RedriveOutcome): Promise<void>;
}

export interface RunnerSettings {
  clusterConfig(clusterId: string): Promise<ClusterConfig>;
  /** How long broker trouble is waited out before the job fails; 10 minutes unless set. */
  giveUpAfterMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

export const DEFAULT_GIVE_UP_AFTER_MS = 10 * 60_000;
/** Records read at a time when looking for ones to send (skipped and filtered-out ones cost no rate). */
const READ_PAGE = 500;
/** Batches that sent nothing are checkpointed at most this often: a crash only means reading them again. */
const IDLE_CHECKPOINT_MS = 1000;

// ---------------------------------------------------------------- errors

/** An error no wait can fix. */
class FatalRedriveError extends Error {}

/** The runner must stop: the process is stopping, the job was cancelled, or another runner took it. */
class Stop extends Error {
  constructor(readonly why: "stopped" | "cancelled" | "lost") {
    super(why);
  }
}

const FATAL_TYPES = new Set([
  "TOPIC_AUTHORIZATION_FAILED",
  "CLUSTER_AUTHORIZATION_FAILED",
  "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
  "SASL_AUTHENTICATION_FAILED",
  "ILLEGAL_SASL_STATE",
  "UNSUPPORTED_SASL_MECHANISM",
  "MESSAGE_TOO_LARGE",
  "RECORD_LIST_TOO_LARGE",
  "INVALID_RECORD",
  "INVALID_TOPIC_EXCEPTION",
  "POLICY_VIOLATION",
  "INVALID_REQUIRED_ACKS",
]);
/** The broker no longer knows this producer's id or sequence: only a new producer can go on. */
const PRODUCER_TYPES = new Set(["UNKNOWN_PRODUCER_ID", "INVALID_PRODUCER_EPOCH", "OUT_OF_ORDER_SEQUENCE_NUMBER", "INVALID_PRODUCER_ID_MAPPING", "PRODUCER_FENCED"]);

function causes(e: unknown): { type?: string; name?: string; message?: string }[] {
  const out: { type?: string; name?: string; message?: string }[] = [];
  for (let c: unknown = e; c && out.length < 8; c = (c as { cause?: unknown }).cause) out.push(c as { type?: string; name?: string; message?: string });
  return out;
}

interface Verdict {
  fatal: boolean;
  replaceProducer: boolean;
  message: string;
}

function classify(e: unknown): Verdict {
  const chain = causes(e);
  const message = (e as Error)?.message ?? String(e);
  if (e instanceof FatalRedriveError) return { fatal: true, replaceProducer: false, message };
  if (e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError) return { fatal: true, replaceProducer: false, message };
  // records.ts says "does not allow" for a refused read authorization; nothing else says it.
  if (e instanceof RecordReadError && e.code === "FAILED" && message.includes("does not allow")) return { fatal: true, replaceProducer: false, message };
  if (chain.some((c) => (c.type && FATAL_TYPES.has(c.type)) || c.name === "KafkaJSSASLAuthenticationError")) {
    const inner = chain.find((c) => c.type && FATAL_TYPES.has(c.type)) ?? chain[0]!;
    return { fatal: true, replaceProducer: false, message: inner.message ?? message };
  }
  return { fatal: false, replaceProducer: chain.some((c) => c.type && PRODUCER_TYPES.has(c.type)), message };
}

// ---------------------------------------------------------------- one batch

interface Group {
  topic: string;
  partition: number;
  messages: Message[];
  /** A send was tried: the records may be in the topic. */
  attempted: boolean;
  acked: boolean;
}

interface Batch {
  partition: number;
  from: number;
  /** Exclusive; the partition's next offset once the batch is acknowledged. */
  to: number;
  groups: Group[];
  counts: Omit<RedriveCounters, "duplicates">;
  /** Sent again after a runner died with it in flight: every record sent counts as a possible duplicate. */
  resend: boolean;
  possibleDuplicates: number;
  paced: boolean;
  inFlightSaved: boolean;
  /** A send of it failed: its targets are checked again before the next attempt. */
  failed: boolean;
}

const recordsIn = (groups: readonly Group[]) => groups.reduce((n, g) => n + g.messages.length, 0);

/** kafkajs writes header values as bytes or text and cannot write a null one: it goes as empty bytes. */
function toKafkaHeaders(headers: readonly RecordHeader[]): IHeaders {
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const h of headers) {
    const v = h.value ? Buffer.from(h.value.buffer, h.value.byteOffset, h.value.byteLength) : Buffer.alloc(0);
    const prior = out[h.key];
    out[h.key] = prior === undefined ? v : Array.isArray(prior) ? [...prior, v] : [prior, v];
  }
  return out;
}

const keyHash = Partitioners.DefaultPartitioner();
const fakeMetadata = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, i) => ({ partitionId: i, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0, offlineReplicas: [] }));

// ---------------------------------------------------------------- the run

class RedriveRun {
  private progress: RedriveProgress;
  private counters: RedriveCounters;
  /** A crash's in-flight range, sent again first. */
  private resumeInFlight;
  private batch: Batch | null = null;
  private bucket: TokenBucket;
  private reader: ClusterRecordReader | null = null;
  private producer: Producer | null = null;
  private partitionCounts = new Map<string, number | null>();
  private failingSince: number | null = null;
  private attempt = 0;
  private retries = 0;
  private savedAtMs = 0;
  private readonly selected: Map<number, number[]> | null;
  private readonly wakeup: AbortSignal;

  constructor(
    private readonly store: JobStore,
    private readonly job: RedriveJobState,
    private readonly runnerId: string,
    private readonly settings: RunnerSettings,
    private readonly stop: AbortSignal,
    private readonly cancel: AbortSignal,
  ) {
    this.progress = structuredClone(job.progress);
    this.counters = { ...job.counters };
    this.resumeInFlight = this.progress.inFlight;
    this.bucket = fullBucket(job.ratePerSecond, Date.now());
    this.wakeup = AbortSignal.any([stop, cancel]);
    if (job.selection.kind === "records") {
      this.selected = new Map();
      for (const r of job.selection.records) this.selected.set(r.partition, [...(this.selected.get(r.partition) ?? []), r.offset]);
      for (const list of this.selected.values()) list.sort((a, b) => a - b);
    } else {
      this.selected = null;
    }
  }

  async run(): Promise<RedriveStatus | null> {
    try {
      let cfg: ClusterConfig | null = null;
      for (;;) {
        try {
          this.check(true);
          cfg ??= await this.settings.clusterConfig(this.job.clusterId);
          const more = await this.step(cfg);
          this.failingSince = null;
          this.attempt = 0;
          if (!more) return await this.finish("done", null);
        } catch (e) {
          const stopped = this.stopReason(e);
          if (stopped === "cancelled") return await this.finish("cancelled", null);
          if (stopped) return null;
          const verdict = classify(e);
          if (verdict.fatal) return await this.finish("failed", verdict.message);
          const now = Date.now();
          this.failingSince ??= now;
          const giveUp = this.settings.giveUpAfterMs ?? DEFAULT_GIVE_UP_AFTER_MS;
          if (now - this.failingSince >= giveUp) {
            return await this.finish("failed", `Gave up after ${Math.round((now - this.failingSince) / 1000)} s of errors; the last: ${verdict.message}`);
          }
          this.attempt++;
          this.retries++;
          if (this.batch) this.batch.failed = true;
          await this.closeSession(verdict.replaceProducer);
          try {
            await this.checkpoint("retrying", verdict.message);
            await this.pause(backoffMs(this.attempt, this.settings.backoff?.initialMs, this.settings.backoff?.maxMs));
          } catch (inner) {
            const again = this.stopReason(inner);
            if (again === "cancelled") return await this.finish("cancelled", null);
            if (again) return null;
            // The database is failing too: the loop tries again, and the give-up clock keeps running.
          }
        }
      }
    } finally {
      await this.closeSession(true);
    }
  }

  /** Why the runner must stop, if it must. */
  private stopReason(e: unknown): Stop["why"] | null {
    if (this.stop.aborted) return "stopped";
    if (e instanceof Stop) return e.why;
    if (this.cancel.aborted) return "cancelled";
    return null;
  }

  private check(cancelToo: boolean) {
    if (this.stop.aborted) throw new Stop("stopped");
    if (cancelToo && this.cancel.aborted) throw new Stop("cancelled");
  }

  private async pause(ms: number) {
    if (ms <= 0) return;
    await sleep(ms, undefined, { signal: this.wakeup }).catch(() => undefined);
    this.check(true);
  }

  private async checkpoint(status: RedriveCheckpoint["status"], lastError: string | null) {
    this.check(false);
    const r = await this.store.save(this.job.id, this.runnerId, { status, progress: this.progress, counters: this.counters, lastError });
    if (r !== "ok") throw new Stop(r);
    this.savedAtMs = Date.now();
  }

  private async finish(status: RedriveOutcome["status"], lastError: string | null): Promise<RedriveStatus> {
    const b = this.batch;
    // A batch never tried leaves nothing in the topic; one tried and not acknowledged stays named in
    // flight, and what of it was acknowledged counts as sent.
    if (b && !b.groups.some((g) => g.attempted)) this.progress.inFlight = null;
    if (b && status !== "done") {
      const acked = recordsIn(b.groups.filter((g) => g.acked));
      this.counters.sent += acked;
      if (b.resend) this.counters.duplicates += acked;
      this.batch = null;
    }
    if (status === "done") this.progress.inFlight = null;
    const outcome: RedriveOutcome = { status, progress: this.progress, counters: this.counters, lastError, retries: this.retries };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.finish(this.job.id, this.runnerId, outcome);
        return status;
      } catch (e) {
        // Left as it is, the job is resumed at the next start; try a few times before that.
        if (attempt >= 3 || this.stop.aborted) throw e;
        await sleep(backoffMs(attempt));
      }
    }
  }

  private async session(cfg: ClusterConfig) {
    this.reader ??= await openRecordReader({ ...cfg, clientId: "flowlens-redrive" });
    if (!this.producer) {
      const producer = createKafka({ ...cfg, clientId: "flowlens-redrive" }).producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: 2, initialRetryTime: 300, maxRetryTime: 2000 },
      });
      await producer.connect();
      this.producer = producer;
    }
    return { reader: this.reader, producer: this.producer };
  }

  /**
   * Closes the reader, and the producer when it must be replaced. A producer kept across a broker
   * outage resends with the same sequence numbers, which is what keeps retries free of duplicates.
   */
  private async closeSession(producerToo: boolean) {
    const reader = this.reader;
    this.reader = null;
    this.partitionCounts.clear();
    await reader?.close().catch(() => undefined);
    if (producerToo && this.producer) {
      const producer = this.producer;
      this.producer = null;
      await producer.disconnect().catch(() => undefined);
      if (this.batch) {
        // What the old producer may have written is sent again by the new one.
        for (const g of this.batch.groups) {
          if (!g.attempted || g.acked) continue;
          this.batch.possibleDuplicates += g.messages.length;
          g.attempted = false;
        }
      }
    }
  }

  /** One batch: read, decide, pace, mark in flight, send, checkpoint. False when there is nothing left. */
  private async step(cfg: ClusterConfig): Promise<boolean> {
    const { reader, producer } = await this.session(cfg);
    if (!this.batch) {
      const range = this.nextRange();
      if (!range) return false;
      this.batch = await this.prepare(reader, range);
      this.resumeInFlight = null;
    }
    const b = this.batch;
    if (b.failed) await this.recheckTargets(reader, b);
    const sending = recordsIn(b.groups);
    if (sending > 0) {
      if (!b.paced) {
        this.check(true);
        const { bucket, waitMs } = takeTokens(this.bucket, sending, this.job.ratePerSecond, Date.now());
        this.bucket = bucket;
        b.paced = true;
        await this.pause(waitMs);
      }
      if (!b.inFlightSaved) {
        this.check(true);
        this.progress.inFlight = { partition: b.partition, from: b.from, to: b.to };
        await this.checkpoint("running", null);
        b.inFlightSaved = true;
      }
      for (const g of b.groups) {
        if (g.acked) continue;
        // Once a batch is going out it is finished, even when cancelled, so that the counts are exact.
        this.check(false);
        g.attempted = true;
        await producer.send({ topic: g.topic, acks: -1, messages: g.messages });
        g.acked = true;
      }
    }
    const p = this.partition(b.partition);
    p.next = Math.max(p.next, b.to);
    this.progress.inFlight = null;
    const c = this.counters;
    c.scanned += b.counts.scanned;
    c.sent += b.counts.sent;
    c.skippedLoop += b.counts.skippedLoop;
    c.skippedNoTarget += b.counts.skippedNoTarget;
    c.filteredOut += b.counts.filteredOut;
    c.duplicates += b.resend ? b.counts.sent : b.possibleDuplicates;
    this.batch = null;
    if (sending > 0 || Date.now() - this.savedAtMs >= IDLE_CHECKPOINT_MS) await this.checkpoint("running", null);
    return true;
  }

  /**
   * A topic deleted while its batch was being sent: a chosen target fails the job (partitionCount
   * throws); the records for a deleted original topic have nowhere to go any more.
   */
  private async recheckTargets(reader: ClusterRecordReader, b: Batch) {
    for (const g of [...b.groups]) {
      if (g.acked || (await this.partitionCount(reader, g.topic)) !== null) continue;
      b.groups.splice(b.groups.indexOf(g), 1);
      b.counts.sent -= g.messages.length;
      b.counts.skippedNoTarget += g.messages.length;
    }
    b.failed = false;
  }

  private partition(n: number): PartitionProgress {
    const p = this.progress.partitions.find((x) => x.partition === n);
    if (!p) throw new FatalRedriveError(`The job's progress has no partition ${n}.`);
    return p;
  }

  private nextRange(): { partition: number; from: number; to: number; resend: boolean } | null {
    const f = this.resumeInFlight;
    if (f) return { partition: f.partition, from: f.from, to: f.to, resend: true };
    const p = this.progress.partitions.find((x) => x.next < x.end);
    return p ? { partition: p.partition, from: p.next, to: p.end, resend: false } : null;
  }

  private async prepare(reader: ClusterRecordReader, range: { partition: number; from: number; to: number; resend: boolean }): Promise<Batch> {
    const job = this.job;
    const offsets = this.selected?.get(range.partition) ?? null;
    // A batch sends at most one batch's worth of records, but reads further when records are skipped
    // or filtered out. A range in flight is sent again whole, exactly as it was.
    const sendLimit = range.resend ? Infinity : batchSize(job.ratePerSecond);
    const readMax = range.resend ? Math.max(1, range.to - range.from) : Math.max(sendLimit, READ_PAGE);
    // An explicit selection reads from its next chosen offset, not from every offset in between.
    const fetchFrom = offsets ? (offsets.find((o) => o >= range.from) ?? range.to) : range.from;
    let records: KafkaRecord[] = [];
    if (fetchFrom < range.to) {
      try {
        records = await reader.fetchPartition(job.sourceTopic, range.partition, fetchFrom, range.to, { max: readMax });
      } catch (e) {
        if (e instanceof RecordReadError && (e.code === "UNKNOWN_TOPIC" || e.code === "UNKNOWN_PARTITION") && !(await reader.topics()).includes(job.sourceTopic)) {
          throw new FatalRedriveError(`The dead-letter topic "${job.sourceTopic}" no longer exists.`);
        }
        throw e;
      }
    }
    // Fewer than asked for means the read reached the end of the range.
    let to = !range.resend && records.length >= readMax ? records[records.length - 1]!.offset + 1 : range.to;
    const wanted = offsets ? new Set(offsets) : null;
    const counts = { scanned: 0, sent: 0, skippedLoop: 0, skippedNoTarget: 0, filteredOut: 0 };
    const groups = new Map<string, Group>();
    const filter = job.selection.kind === "range" ? job.selection.filter : undefined;
    for (const r of records) {
      if (r.offset >= to || (wanted && !wanted.has(r.offset))) continue;
      if (!wanted && !matchesFilter(r, filter)) {
        counts.filteredOut++;
        continue;
      }
      const d = decideRedrive(r, job.target, { maxRedrives: job.maxRedrives, jobId: job.id });
      if (d.action === "skip") {
        if (d.reason === "loop") counts.skippedLoop++;
        else counts.skippedNoTarget++;
        continue;
      }
      const partitions = await this.partitionCount(reader, d.topic);
      if (partitions === null) {
        counts.skippedNoTarget++;
        continue;
      }
      const partition = r.key ? keyHash({ topic: d.topic, partitionMetadata: fakeMetadata(partitions), message: { key: r.key, value: null } }) : keylessPartition(r, job.target, partitions);
      const k = `${d.topic}\u0000${partition}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { topic: d.topic, partition, messages: [], attempted: false, acked: false }));
      g.messages.push({ key: r.key, value: r.value, partition, headers: toKafkaHeaders(d.headers) });
      if (++counts.sent >= sendLimit) {
        to = r.offset + 1;
        break;
      }
    }
    counts.scanned = offsets ? offsets.filter((o) => o >= range.from && o < to).length : to - range.from;
    return { partition: range.partition, from: range.from, to, groups: [...groups.values()], counts, resend: range.resend, possibleDuplicates: 0, paced: false, inFlightSaved: false, failed: false };
  }

  /**
   * Partitions of a target topic; null when the topic does not exist. A chosen topic that is gone
   * fails the job; an original topic that is gone makes its records "no target".
   */
  private async partitionCount(reader: ClusterRecordReader, topic: string): Promise<number | null> {
    if (this.partitionCounts.has(topic)) return this.partitionCounts.get(topic)!;
    let count: number | null;
    try {
      count = (await reader.bounds(topic)).length || null;
    } catch (e) {
      if (!(e instanceof RecordReadError && e.code === "UNKNOWN_TOPIC")) throw e;
      // Metadata can lag right after a broker restart: ask the cluster for its list before believing it.
      if ((await reader.topics()).includes(topic)) throw e;
      count = null;
    }
    if (count === null && this.job.target.mode === "topic") throw new FatalRedriveError(`The target topic "${topic}" no longer exists.`);
    this.partitionCounts.set(topic, count);
    return count;
  }
}

/**
 * Runs one job to its end (or until `stop`: the process is going away, and the job is left to be
 * resumed). Returns its final status, or null when it did not finish here.
 */
export async function runRedriveJob(
  store: JobStore,
  jobId: string,
  runnerId: string,
  settings: RunnerSettings,
  signals: { stop?: AbortSignal; cancel?: AbortSignal } = {},
): Promise<RedriveStatus | null> {
  const job = await store.claim(jobId, runnerId);
  if (!job) return null;
  const never = new AbortController().signal;
  return new RedriveRun(store, job, runnerId, settings, signals.stop ?? never, signals.cancel ?? never).run();
}

// ---------------------------------------------------------------- one runner per job

/** The jobs this process runs: at most one runner each. */
export class RedriveRunners {
  readonly runnerId = randomUUID();
  private readonly jobs = new Map<string, { cancel: AbortController; done: Promise<RedriveStatus | null> }>();
  private readonly stopper = new AbortController();

  /** Starts the job unless it already runs here; false when it does (or this process is stopping). */
  start(jobId: string, store: JobStore, settings: RunnerSettings): boolean {
    if (this.jobs.has(jobId) || this.stopper.signal.aborted) return false;
    const cancel = new AbortController();
    const done = runRedriveJob(store, jobId, this.runnerId, settings, { stop: this.stopper.signal, cancel: cancel.signal })
      .catch((e: unknown) => {
        console.error(`flowlens: redrive ${jobId} stopped on an error; it resumes at the next start:`, e);
        return null;
      })
      .finally(() => this.jobs.delete(jobId));
    this.jobs.set(jobId, { cancel, done });
    return true;
  }

  isRunning(jobId: string): boolean {
    return this.jobs.has(jobId);
  }

  /** Asks the job's runner to stop after the batch it is sending; false when it does not run here. */
  cancel(jobId: string): boolean {
    const j = this.jobs.get(jobId);
    j?.cancel.abort();
    return !!j;
  }

  /** The job's final status once its runner here ends (null if it did not finish here); null at once when none runs. */
  settled(jobId: string): Promise<RedriveStatus | null> {
    return this.jobs.get(jobId)?.done ?? Promise.resolve(null);
  }

  /** Stops every runner where it is, writing nothing more: their jobs stay running, to be resumed. */
  async stopAll(): Promise<void> {
    this.stopper.abort();
    await Promise.all([...this.jobs.values()].map((j) => j.done));
  }
}

const g = globalThis as unknown as { __flowlensRedriveRunners?: RedriveRunners };

/** This process's runners (kept on globalThis: Next.js may load this module in several bundles). */
export function redriveRunners(): RedriveRunners {
  g.__flowlensRedriveRunners ??= new RedriveRunners();
  return g.__flowlensRedriveRunners;
}

// ---------------------------------------------------------------- what a new job needs to know

export interface RedriveSource {
  /** Every topic on the cluster. */
  topics: string[];
  /** The dead-letter topic's partitions; null when it does not exist. */
  bounds: PartitionBounds[] | null;
  /** First offset at or after each time, per partition, when asked. */
  fromTimeOffsets?: Map<number, number>;
  toTimeOffsets?: Map<number, number>;
}

/** Reads what planning a redrive needs: the cluster's topics and the dead-letter topic's offsets. */
export async function readRedriveSource(cfg: ClusterConfig, topic: string, times: { fromTimeMs?: number; toTimeMs?: number } = {}): Promise<RedriveSource> {
  const reader = await openRecordReader({ ...cfg, clientId: "flowlens-redrive" });
  try {
    const topics = await reader.topics();
    if (!topics.includes(topic)) return { topics, bounds: null };
    const [bounds, fromTimeOffsets, toTimeOffsets] = await Promise.all([
      reader.bounds(topic),
      times.fromTimeMs === undefined ? undefined : reader.offsetForTime(topic, times.fromTimeMs),
      times.toTimeMs === undefined ? undefined : reader.offsetForTime(topic, times.toTimeMs),
    ]);
    return { topics, bounds, fromTimeOffsets, toTimeOffsets };
  } finally {
    await reader.close().catch(() => undefined);
  }
}
