// Consumer lag, in messages and in time. Pure: offsets and clocks come in as arguments, so the
// numbers on screen can be tested without a broker. Imports nothing from React, Next, Prisma,
// kafkajs or OpenTelemetry.
//
// Lag follows Redpanda Console (consumer_group_offsets.go): max(end − committed, 0). A partition
// the group never committed on has no lag to report; it is null, never 0.

export type PartitionOffsets = {
  topic: string;
  partition: number;
  /** Log end offset (high watermark): the offset the next record will get. */
  end: number;
  /** The group's committed offset, the next record it will read; null when it never committed. */
  committed: number | null;
  /** Log start offset, when known. */
  start?: number;
};

export type TimeLagSource = "record" | "interpolated" | "none" | "caught-up";

export type PartitionLag = {
  topic: string;
  partition: number;
  end: number;
  committed: number | null;
  /** Messages behind; null = no committed offset. */
  lag: number | null;
  timeLagMs: number | null;
  timeLagSource: TimeLagSource;
};

/** A sampled (log end offset, time) point of one partition. */
export type OffsetSample = { offset: number; timeMs: number };

export type TimeLagInput = {
  nowMs: number;
  committed: number | null;
  end: number;
  /** Timestamp of the record at the committed offset, when it was read. */
  recordTimestampMs?: number | null;
  /** Earlier (end offset, time) samples of the partition, oldest first. */
  samples?: readonly OffsetSample[];
};

export type TimeLag = { ms: number | null; source: TimeLagSource };

/** Messages behind: max(end − committed, 0); null when the group has no committed offset. */
export function messageLag(end: number, committed: number | null): number | null {
  if (committed === null) return null;
  return Math.max(end - committed, 0);
}

/**
 * How long ago the group's position was at the head of the log.
 * - lag 0: 0, "caught-up";
 * - the record at the committed offset was read: now − its timestamp, "record" (never negative);
 * - otherwise the time the log end reached the committed offset, interpolated from the samples
 *   (the current end at nowMs counts as the newest sample), "interpolated";
 * - otherwise null, "none".
 */
export function timeLag(input: TimeLagInput): TimeLag {
  const { nowMs, committed, end } = input;
  const lag = messageLag(end, committed);
  if (lag === null) return { ms: null, source: "none" };
  if (lag === 0) return { ms: 0, source: "caught-up" };
  if (typeof input.recordTimestampMs === "number" && Number.isFinite(input.recordTimestampMs)) {
    return { ms: Math.max(nowMs - input.recordTimestampMs, 0), source: "record" };
  }
  const points = [...(input.samples ?? [])];
  const last = points[points.length - 1];
  if (!last || last.timeMs < nowMs) points.push({ offset: end, timeMs: nowMs });
  const at = timeOfOffset(points, committed as number);
  if (at === null) return { ms: null, source: "none" };
  return { ms: Math.max(Math.round(nowMs - at), 0), source: "interpolated" };
}

/**
 * When the log end reached `offset`, from (end offset, time) points sorted by time.
 * Linear between the two points that bracket it. When it was already reached at the oldest
 * point, extrapolate backwards at the earliest rate seen: from the oldest point to the first
 * later point with a higher offset. Null when there is no such rate (nothing was produced while
 * we watched), or the offset is beyond every point.
 * Offsets that go backwards mean the topic was recreated or truncated: only points after the
 * newest such drop are used.
 */
export function timeOfOffset(points: readonly OffsetSample[], offset: number): number | null {
  let first = 0;
  for (let i = points.length - 1; i > 0; i--) {
    if (points[i]!.offset < points[i - 1]!.offset) {
      first = i;
      break;
    }
  }
  const run = points.slice(first);
  for (let i = run.length - 1; i > 0; i--) {
    const a = run[i - 1]!;
    const b = run[i]!;
    if (a.offset < offset && offset <= b.offset) {
      return a.timeMs + ((offset - a.offset) / (b.offset - a.offset)) * (b.timeMs - a.timeMs);
    }
  }
  const oldest = run[0];
  if (!oldest || oldest.offset < offset) return null;
  const next = run.find((p) => p.offset > oldest.offset && p.timeMs > oldest.timeMs);
  if (!next) return null;
  const perMs = (next.offset - oldest.offset) / (next.timeMs - oldest.timeMs);
  return oldest.timeMs - (oldest.offset - offset) / perMs;
}

/** Lag of one partition; time lag too when a clock (and optionally samples or the record's timestamp) is given. */
export function partitionLag(p: PartitionOffsets, time?: Omit<TimeLagInput, "committed" | "end">): PartitionLag {
  const lag = messageLag(p.end, p.committed);
  const t: TimeLag = time
    ? timeLag({ ...time, committed: p.committed, end: p.end })
    : lag === 0
      ? { ms: 0, source: "caught-up" }
      : { ms: null, source: "none" };
  return { topic: p.topic, partition: p.partition, end: p.end, committed: p.committed, lag, timeLagMs: t.ms, timeLagSource: t.source };
}

/** The committed offset points at records retention already deleted: the group will skip them. */
export function isBehindLogStart(p: PartitionOffsets): boolean {
  return p.committed !== null && p.start !== undefined && p.committed < p.start;
}

// ---------------------------------------------------------------------------------------------
// Offset history: per-partition (end offset, time) samples for time-lag interpolation and rates.

export type OffsetHistoryOptions = {
  /** Samples older than this, relative to the partition's newest sample, are dropped. Default 1 h. */
  retentionMs?: number;
  /** Hard cap per partition, in case polls come faster than expected. Default 4000. */
  maxSamplesPerPartition?: number;
};

const HOUR_MS = 60 * 60 * 1000;
const partitionKey = (topic: string, partition: number) => JSON.stringify([topic, partition]);

/**
 * Bounded (end offset, time) samples per partition. A run of identical offsets keeps only its
 * first and last sample: the first says when the log stopped growing, the last that it still
 * had not grown, which is all interpolation and rates need.
 */
export class OffsetHistory {
  private readonly retentionMs: number;
  private readonly maxSamples: number;
  private readonly byPartition = new Map<string, { topic: string; partition: number; samples: OffsetSample[] }>();

  constructor(options: OffsetHistoryOptions = {}) {
    this.retentionMs = options.retentionMs ?? HOUR_MS;
    this.maxSamples = Math.max(options.maxSamplesPerPartition ?? 4000, 2);
  }

  record(topic: string, partition: number, offset: number, timeMs: number): void {
    const key = partitionKey(topic, partition);
    let entry = this.byPartition.get(key);
    if (!entry) {
      entry = { topic, partition, samples: [] };
      this.byPartition.set(key, entry);
    }
    const s = entry.samples;
    const last = s[s.length - 1];
    if (last) {
      if (timeMs < last.timeMs) return; // out of order: the newer sample already says more
      if (offset < last.offset) s.length = 0; // topic recreated or truncated: older samples describe another log
      else if (timeMs === last.timeMs) {
        last.offset = offset;
        return;
      } else if (offset === last.offset && s.length >= 2 && s[s.length - 2]!.offset === offset) {
        last.timeMs = timeMs;
        this.evict(s, timeMs);
        return;
      }
    }
    s.push({ offset, timeMs });
    this.evict(s, timeMs);
  }

  private evict(s: OffsetSample[], newestMs: number): void {
    let drop = 0;
    while (drop < s.length - 1 && s[drop]!.timeMs < newestMs - this.retentionMs) drop++;
    drop = Math.max(drop, s.length - this.maxSamples);
    if (drop > 0) s.splice(0, drop);
  }

  /** Samples of one partition, oldest first (a copy). */
  samples(topic: string, partition: number): OffsetSample[] {
    return (this.byPartition.get(partitionKey(topic, partition))?.samples ?? []).map((x) => ({ ...x }));
  }

  /**
   * Messages per second produced to one partition: between the last two samples, or, with
   * windowMs, between the newest sample and the oldest one within windowMs of it.
   * 0 when the offset did not move; null with fewer than two samples.
   */
  rate(topic: string, partition: number, windowMs?: number): number | null {
    const s = this.byPartition.get(partitionKey(topic, partition))?.samples ?? [];
    const b = s[s.length - 1];
    if (!b || s.length < 2) return null;
    if (windowMs === undefined) {
      const a = s[s.length - 2]!;
      return ((b.offset - a.offset) / (b.timeMs - a.timeMs)) * 1000;
    }
    const start = b.timeMs - windowMs;
    const firstInside = s.findIndex((x) => x.timeMs >= start);
    if (firstInside === 0) {
      // Watched for less than the window: the rate since the first sample.
      const a = s[0]!;
      return a === b ? null : ((b.offset - a.offset) / (b.timeMs - a.timeMs)) * 1000;
    }
    // The window starts between two samples. Runs of equal offsets keep only their ends, so the
    // offset at the window's start is read off the line between them: exact for a log that did
    // not move (the rate is then 0, not unknown), an estimate for one that did.
    const p = s[firstInside - 1]!;
    const q = s[firstInside]!;
    const atStart = p.offset + ((q.offset - p.offset) * (start - p.timeMs)) / (q.timeMs - p.timeMs);
    return ((b.offset - atStart) / windowMs) * 1000;
  }

  /** Messages per second produced to a topic: the sum over its partitions that have a rate; null if none has. */
  topicRate(topic: string, windowMs?: number): number | null {
    let total: number | null = null;
    for (const e of this.byPartition.values()) {
      if (e.topic !== topic) continue;
      const r = this.rate(e.topic, e.partition, windowMs);
      if (r !== null) total = (total ?? 0) + r;
    }
    return total;
  }

  /** Drops partitions whose newest sample is older than the retention, e.g. of deleted topics. */
  prune(nowMs: number): void {
    for (const [key, e] of this.byPartition) {
      const last = e.samples[e.samples.length - 1];
      if (!last || last.timeMs < nowMs - this.retentionMs) this.byPartition.delete(key);
    }
  }

  forget(topic: string, partition?: number): void {
    for (const [key, e] of this.byPartition) {
      if (e.topic === topic && (partition === undefined || e.partition === partition)) this.byPartition.delete(key);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Rollups for a group.

export type LagRollup = {
  /** Sum of the lag of partitions with a committed offset; null when none has one. */
  totalLag: number | null;
  /** Largest known time lag; null when no partition has one. */
  maxTimeLagMs: number | null;
  partitions: number;
  partitionsWithoutCommit: number;
};

export type GroupLagRollup = LagRollup & { group: string; topics: Array<LagRollup & { topic: string }> };

function rollup(lags: readonly PartitionLag[]): LagRollup {
  let totalLag: number | null = null;
  let maxTimeLagMs: number | null = null;
  let partitionsWithoutCommit = 0;
  for (const l of lags) {
    if (l.lag === null) partitionsWithoutCommit++;
    else totalLag = (totalLag ?? 0) + l.lag;
    if (l.timeLagMs !== null) maxTimeLagMs = Math.max(maxTimeLagMs ?? 0, l.timeLagMs);
  }
  return { totalLag, maxTimeLagMs, partitions: lags.length, partitionsWithoutCommit };
}

/** Totals for a group and for each of its topics (topics sorted by name). */
export function groupLagRollup(group: string, lags: readonly PartitionLag[]): GroupLagRollup {
  const byTopic = new Map<string, PartitionLag[]>();
  for (const l of lags) {
    const list = byTopic.get(l.topic) ?? [];
    list.push(l);
    byTopic.set(l.topic, list);
  }
  const topics = [...byTopic.keys()].sort().map((topic) => ({ topic, ...rollup(byTopic.get(topic)!) }));
  return { group, ...rollup(lags), topics };
}
