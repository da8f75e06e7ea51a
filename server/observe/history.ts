// Lag history for charts, downsampled to one bucket per minute. Each series (a group's partition,
// or a group's total) is a ring of fixed size, so memory is buckets × series however long the
// server runs. Pure and in memory: the caller passes the time of every sample; nothing ticks.
import { groupLagRollup, type PartitionLag } from "./lag";

export type SeriesKey = { group: string; topic?: undefined; partition?: undefined } | { group: string; topic: string; partition: number };

export type LagValue = { lag: number | null; timeLagMs: number | null };

export type LagPoint = {
  /** Start of the bucket. */
  timeMs: number;
  /** Largest lag seen in the bucket; null when no sample in it had a committed offset. */
  maxLag: number | null;
  /** Lag of the newest sample in the bucket; null when that sample had no committed offset. */
  lastLag: number | null;
  maxTimeLagMs: number | null;
  samples: number;
};

export type LagHistoryOptions = {
  /** Default 1 minute. */
  bucketMs?: number;
  /** How far back a chart can look. Default 24 h. */
  retentionMs?: number;
};

type Bucket = { index: number; maxLag: number | null; lastLag: number | null; lastTimeMs: number; maxTimeLagMs: number | null; samples: number };
type Series = { key: SeriesKey; ring: Array<Bucket | undefined>; newestIndex: number };

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
const encode = (k: SeriesKey) => JSON.stringify(k.topic === undefined ? [k.group] : [k.group, k.topic, k.partition]);

export class LagHistory {
  readonly bucketMs: number;
  /**
   * Buckets per series: one more than retention / bucket, so that the whole retention before the
   * newest sample is kept even while the newest bucket is still filling.
   */
  readonly capacity: number;
  private readonly bySeries = new Map<string, Series>();
  private newestIndex = -Infinity;

  constructor(options: LagHistoryOptions = {}) {
    this.bucketMs = options.bucketMs ?? MINUTE_MS;
    this.capacity = Math.ceil((options.retentionMs ?? DAY_MS) / this.bucketMs) + 1;
  }

  /** Adds one observation. Samples older than the retention, relative to the newest sample seen, are dropped. */
  addSample(key: SeriesKey, timeMs: number, value: LagValue): void {
    const index = Math.floor(timeMs / this.bucketMs);
    this.newestIndex = Math.max(this.newestIndex, index);
    if (index <= this.newestIndex - this.capacity) return;
    const id = encode(key);
    let s = this.bySeries.get(id);
    if (!s) {
      s = { key: key.topic === undefined ? { group: key.group } : { group: key.group, topic: key.topic, partition: key.partition }, ring: new Array(this.capacity), newestIndex: index };
      this.bySeries.set(id, s);
    }
    s.newestIndex = Math.max(s.newestIndex, index);
    const slot = ((index % this.capacity) + this.capacity) % this.capacity;
    const b = s.ring[slot];
    if (!b || b.index !== index) {
      s.ring[slot] = { index, maxLag: value.lag, lastLag: value.lag, lastTimeMs: timeMs, maxTimeLagMs: value.timeLagMs, samples: 1 };
      return;
    }
    b.maxLag = maxOf(b.maxLag, value.lag);
    b.maxTimeLagMs = maxOf(b.maxTimeLagMs, value.timeLagMs);
    b.samples++;
    if (timeMs >= b.lastTimeMs) {
      b.lastLag = value.lag;
      b.lastTimeMs = timeMs;
    }
  }

  /** Records one poll of a group: every partition, and the group's total (sum of known lags, max time lag). */
  addGroupPoll(group: string, timeMs: number, lags: readonly PartitionLag[]): void {
    for (const l of lags) this.addSample({ group, topic: l.topic, partition: l.partition }, timeMs, { lag: l.lag, timeLagMs: l.timeLagMs });
    const total = groupLagRollup(group, lags);
    this.addSample({ group }, timeMs, { lag: total.totalLag, timeLagMs: total.maxTimeLagMs });
  }

  /**
   * Buckets of one series that overlap [fromMs, toMs], oldest first. Minutes without a
   * sample are absent, not zero: a gap in the chart means nobody was looking.
   */
  series(key: SeriesKey, fromMs: number, toMs: number): LagPoint[] {
    const s = this.bySeries.get(encode(key));
    if (!s) return [];
    const oldest = this.newestIndex - this.capacity + 1;
    return s.ring
      .filter((b): b is Bucket => b !== undefined && b.index >= oldest && (b.index + 1) * this.bucketMs > fromMs && b.index * this.bucketMs <= toMs)
      .sort((a, b) => a.index - b.index)
      .map((b) => ({ timeMs: b.index * this.bucketMs, maxLag: b.maxLag, lastLag: b.lastLag, maxTimeLagMs: b.maxTimeLagMs, samples: b.samples }));
  }

  /** Every series with data still in the retention. */
  keys(): SeriesKey[] {
    const oldest = this.newestIndex - this.capacity + 1;
    return [...this.bySeries.values()].filter((s) => s.newestIndex >= oldest).map((s) => ({ ...s.key }));
  }

  /** Frees series with nothing left in the retention (partitions of deleted topics, groups gone). */
  prune(): void {
    const oldest = this.newestIndex - this.capacity + 1;
    for (const [id, s] of this.bySeries) if (s.newestIndex < oldest) this.bySeries.delete(id);
  }

  /** Forgets a group: its total and every partition series. */
  forget(group: string): void {
    for (const [id, s] of this.bySeries) if (s.key.group === group) this.bySeries.delete(id);
  }
}
