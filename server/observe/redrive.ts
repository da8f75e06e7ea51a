// Redrive rules: which dead-lettered records go back, where, with which headers; the token bucket
// that paces them; the progress bar's numbers. Pure: records, clocks and counters come in as
// arguments. Imports nothing from React, Next, Prisma, kafkajs or OpenTelemetry.
import { DEAD_LETTER_HEADERS } from "../flow/stubs/typescript/render-runtime";
import { isDeadLetterTopicName, REDRIVE_COUNT_HEADER, type RecordFilter } from "./dlq";

// How many times a record has been redriven (REDRIVE_COUNT_HEADER). It survives a DLQ → topic → DLQ
// loop, since dead-lettering keeps a record's other headers.
export { REDRIVE_COUNT_HEADER };
/** Where a redriven record came from: "topic/partition/offset" of its dead-letter copy. */
export const REDRIVE_SOURCE_HEADER = "x-flowlens-redrive-source";
/** Which redrive job sent it. */
export const REDRIVE_JOB_HEADER = "x-flowlens-redrive-job";
export const DEFAULT_MAX_REDRIVES = 3;

const ORIGINAL_TOPIC = "x-original-topic";
const ORIGINAL_PARTITION = "x-original-partition";
/** The dead-letter headers describe the failure; the record going back should look as it did before it failed. */
const STRIPPED = new Set<string>([...DEAD_LETTER_HEADERS.map((h) => h.header), REDRIVE_COUNT_HEADER, REDRIVE_SOURCE_HEADER, REDRIVE_JOB_HEADER]);

export interface RecordHeader {
  key: string;
  value: Uint8Array | null;
}

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: number;
  headers: readonly RecordHeader[];
}

export type RedriveTarget = { mode: "original" } | { mode: "topic"; topic: string };

export type RedriveDecision =
  | { action: "send"; topic: string; headers: RecordHeader[]; redriveCount: number }
  | { action: "skip"; reason: "loop" | "no-target" };

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The last value of a header as text; null when absent or empty-valued. */
export function headerText(headers: readonly RecordHeader[], key: string): string | null {
  let found: string | null = null;
  for (const h of headers) if (h.key === key) found = h.value ? decoder.decode(h.value) : null;
  return found;
}

/** How many times a record was redriven already: the largest count it carries, 0 when none or unreadable. */
export function redriveCount(headers: readonly RecordHeader[]): number {
  let n = 0;
  for (const h of headers) {
    if (h.key !== REDRIVE_COUNT_HEADER || !h.value) continue;
    const text = decoder.decode(h.value).trim();
    if (/^\d{1,9}$/.test(text)) n = Math.max(n, Number(text));
  }
  return n;
}

export const sourceRef = (r: Pick<DeadLetter, "topic" | "partition" | "offset">) => `${r.topic}/${r.partition}/${r.offset}`;

/**
 * The headers a record is sent back with: its own headers without the dead-letter ones, plus the
 * redrive count, where it came from and (when given) which job sent it.
 */
export function redriveHeaders(record: DeadLetter, count: number, jobId?: string): RecordHeader[] {
  const kept = record.headers.filter((h) => !STRIPPED.has(h.key));
  const added: RecordHeader[] = [
    { key: REDRIVE_COUNT_HEADER, value: encoder.encode(String(count)) },
    { key: REDRIVE_SOURCE_HEADER, value: encoder.encode(sourceRef(record)) },
  ];
  if (jobId) added.push({ key: REDRIVE_JOB_HEADER, value: encoder.encode(jobId) });
  return [...kept, ...added];
}

/** A name Kafka accepts for a topic (what a header says may be anything). */
export const isLegalTopicName = (name: string) => /^[a-zA-Z0-9._-]{1,249}$/.test(name) && name !== "." && name !== "..";

/**
 * Whether and where a dead-lettered record goes back.
 * - Records already redriven `maxRedrives` times are refused ("loop"): they keep failing.
 * - "original" sends to x-original-topic; a record without one, with one Kafka would not accept,
 *   naming the dead-letter topic itself, another dead-letter topic, or an internal topic (`__…`),
 *   has nowhere to go ("no-target").
 */
export function decideRedrive(record: DeadLetter, target: RedriveTarget, opts: { maxRedrives?: number; jobId?: string } = {}): RedriveDecision {
  const count = redriveCount(record.headers);
  if (count >= (opts.maxRedrives ?? DEFAULT_MAX_REDRIVES)) return { action: "skip", reason: "loop" };
  const topic = target.mode === "topic" ? target.topic : headerText(record.headers, ORIGINAL_TOPIC)?.trim();
  if (!topic || !isLegalTopicName(topic) || topic === record.topic) return { action: "skip", reason: "no-target" };
  // Anyone who can write to a dead-letter topic can write its headers: a header never sends a record
  // into Kafka's internal topics (__consumer_offsets…) or into another dead-letter topic.
  if (topic.startsWith("__") || (target.mode === "original" && isDeadLetterTopicName(topic))) return { action: "skip", reason: "no-target" };
  return { action: "send", topic, headers: redriveHeaders(record, count + 1, opts.jobId), redriveCount: count + 1 };
}

/**
 * The partition for a record without a key (keyed records follow the key's hash, as any producer
 * would). It must be the same every time the record is sent, so that a retry lands where the first
 * attempt did: back in its original partition when sending to the original topic and that partition
 * exists, otherwise spread by the dead-letter offset.
 */
export function keylessPartition(record: DeadLetter, target: RedriveTarget, partitionCount: number): number {
  if (partitionCount < 1) throw new Error("A topic has at least one partition");
  if (target.mode === "original") {
    const original = headerText(record.headers, ORIGINAL_PARTITION)?.trim();
    if (original && /^\d{1,9}$/.test(original) && Number(original) < partitionCount) return Number(original);
  }
  return record.offset % partitionCount;
}

// ---------------------------------------------------------------- pacing

/** A token bucket that may go into debt: a batch takes its tokens at once, and the next waits until the debt is paid. */
export interface TokenBucket {
  tokens: number;
  atMs: number;
}

/** Records per batch: about five batches a second, so the pace is smooth and the bar moves. */
export function batchSize(ratePerSecond: number, max = 500): number {
  return Math.max(1, Math.min(max, Math.ceil(ratePerSecond / 5)));
}

export function fullBucket(ratePerSecond: number, nowMs: number): TokenBucket {
  return { tokens: batchSize(ratePerSecond), atMs: nowMs };
}

/**
 * Takes `n` tokens at `nowMs`. The bucket refills at `ratePerSecond` up to one batch's worth; the
 * result says how long to wait before sending so that, over time, no more than the rate goes out.
 */
export function takeTokens(bucket: TokenBucket, n: number, ratePerSecond: number, nowMs: number): { bucket: TokenBucket; waitMs: number } {
  const capacity = batchSize(ratePerSecond);
  const elapsed = Math.max(0, nowMs - bucket.atMs);
  const refilled = Math.min(capacity, bucket.tokens + (elapsed * ratePerSecond) / 1000);
  const tokens = refilled - n;
  return { bucket: { tokens, atMs: Math.max(nowMs, bucket.atMs) }, waitMs: tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / ratePerSecond) };
}

/** Wait before retry `attempt` (1-based): doubling from `initialMs` up to `maxMs`. */
export function backoffMs(attempt: number, initialMs = 500, maxMs = 10_000): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
}

// ---------------------------------------------------------------- progress

/** A partition's share of the job: offsets [from, end), of which those below `next` are settled. */
export interface PartitionProgress {
  partition: number;
  from: number;
  next: number;
  end: number;
}

/** Offsets [from, to) of one partition that are being sent and not yet acknowledged. */
export interface InFlightRange {
  partition: number;
  from: number;
  to: number;
}

export interface RedriveProgress {
  partitions: PartitionProgress[];
  inFlight: InFlightRange | null;
}

export interface ProgressInput {
  status: string;
  total: number;
  scanned: number;
  sent: number;
  ratePerSecond: number;
  startedAtMs: number | null;
  nowMs: number;
}

export interface ProgressView {
  /** 0..1 for the progress bar; 1 once the job has finished. */
  fraction: number;
  remaining: number;
  /** Estimated time to finish; null when finished or not yet started. */
  etaMs: number | null;
}

export const TERMINAL_STATUSES = ["done", "failed", "cancelled"] as const;
export const isTerminal = (status: string) => (TERMINAL_STATUSES as readonly string[]).includes(status);

/**
 * Fraction done and time left. The estimate uses the pace seen so far once there is some (sends are
 * slower than the rate limit when the brokers are), and the rate limit before that; a retrying job
 * has no honest estimate.
 */
export function redriveProgress(p: ProgressInput): ProgressView {
  if (p.status === "done") return { fraction: 1, remaining: 0, etaMs: null };
  const remaining = Math.max(0, p.total - p.scanned);
  const fraction = p.total > 0 ? Math.min(1, p.scanned / p.total) : 0;
  if (isTerminal(p.status) || p.status === "retrying" || p.startedAtMs === null) return { fraction, remaining, etaMs: null };
  const elapsed = Math.max(0, p.nowMs - p.startedAtMs);
  // Skipped and filtered records cost no rate tokens, so the pace is measured over all that was scanned.
  const seen = elapsed >= 2000 && p.scanned > 0 ? (p.scanned * 1000) / elapsed : null;
  const pace = seen ?? p.ratePerSecond;
  return { fraction, remaining, etaMs: pace > 0 ? Math.ceil((remaining * 1000) / pace) : null };
}

/** Where a job starts: every partition's range untouched and nothing in flight. */
export function initialProgress(ranges: readonly { partition: number; from: number; to: number }[]): RedriveProgress {
  return {
    partitions: ranges.map((r) => ({ partition: r.partition, from: r.from, next: r.from, end: Math.max(r.from, r.to) })).sort((a, b) => a.partition - b.partition),
    inFlight: null,
  };
}

// ---------------------------------------------------------------- what to redrive

/**
 * Which records: chosen ones, or a range of offsets per partition (every partition unless listed;
 * narrowed by time when given) whose records pass an optional filter. A range ends where the topic
 * ended when the job started, so records dead-lettered meanwhile are not part of it.
 */
export type RedriveSelection =
  | { kind: "records"; records: { partition: number; offset: number }[] }
  | {
      kind: "range";
      partitions?: { partition: number; from?: number; to?: number }[];
      fromTimeMs?: number;
      toTimeMs?: number;
      filter?: RecordFilter;
    };

export interface PlannedRanges {
  ranges: { partition: number; from: number; to: number }[];
  /** Records (chosen) or offsets (range) to go through: the progress bar's 100 %. */
  total: number;
  /** Why the selection cannot be redriven, for the person who made it. */
  problems: string[];
}

/**
 * The offsets a job goes through, from the topic's bounds (log start and end per partition) and,
 * for a time window, the first offset at or after each end of it.
 */
export function planRanges(
  selection: RedriveSelection,
  bounds: readonly { partition: number; start: number; end: number }[],
  times: { from?: ReadonlyMap<number, number>; to?: ReadonlyMap<number, number> } = {},
): PlannedRanges {
  const byPartition = new Map(bounds.map((b) => [b.partition, b]));
  const problems: string[] = [];
  if (selection.kind === "records") {
    const chosen = new Map<number, Set<number>>();
    for (const r of selection.records) {
      const b = byPartition.get(r.partition);
      if (!b) problems.push(`Partition ${r.partition} does not exist.`);
      else if (r.offset < b.start || r.offset >= b.end) problems.push(`Record ${r.partition}/${r.offset} is not in the topic (partition ${r.partition} holds offsets ${b.start}–${b.end - 1}).`);
      else chosen.set(r.partition, (chosen.get(r.partition) ?? new Set()).add(r.offset));
    }
    const ranges = [...chosen].map(([partition, set]) => {
      const offsets = [...set];
      return { partition, from: Math.min(...offsets), to: Math.max(...offsets) + 1 };
    });
    return { ranges: ranges.sort((a, b) => a.partition - b.partition), total: [...chosen.values()].reduce((n, s) => n + s.size, 0), problems: [...new Set(problems)] };
  }
  if (selection.fromTimeMs !== undefined && selection.toTimeMs !== undefined && selection.toTimeMs <= selection.fromTimeMs) {
    problems.push("The time window ends before it starts.");
  }
  const wanted: { partition: number; from?: number; to?: number }[] = selection.partitions ?? bounds.map((b) => ({ partition: b.partition }));
  const ranges: PlannedRanges["ranges"] = [];
  for (const w of wanted) {
    const b = byPartition.get(w.partition);
    if (!b) {
      problems.push(`Partition ${w.partition} does not exist.`);
      continue;
    }
    const from = Math.max(b.start, w.from ?? 0, times.from?.get(w.partition) ?? 0);
    const to = Math.min(b.end, w.to ?? b.end, times.to?.get(w.partition) ?? b.end);
    if (w.from !== undefined && w.to !== undefined && w.to < w.from) problems.push(`Partition ${w.partition}: the range ends before it starts.`);
    ranges.push({ partition: w.partition, from, to: Math.max(from, to) });
  }
  const unique = [...new Map(ranges.map((r) => [r.partition, r])).values()].sort((a, b) => a.partition - b.partition);
  return { ranges: unique, total: unique.reduce((n, r) => n + (r.to - r.from), 0), problems };
}
