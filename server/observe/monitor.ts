// What a cluster looks like now, built from successive polls: lag in messages and seconds, Burrow
// status per partition and group, msgs/s per topic and partition, dead-letter depth, and 24 h of
// lag history. Pure: the poller (server/kafka/poller.ts) feeds it snapshots and clocks; nothing here
// talks to Kafka or ticks on its own.
import { evaluateGroup, evaluatePartition, pushCommit, type Commit, type GroupStatus, type LabelledPartitionEvaluation, type PartitionStatus } from "./burrow";
import { LagHistory, type LagPoint, type SeriesKey } from "./history";
import { OffsetHistory, isBehindLogStart, messageLag, partitionLag, type TimeLagSource } from "./lag";

// ------------------------------------------------------------------------------ what a poll reads

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
}

export interface GroupSnapshot {
  groupId: string;
  state: string;
  members: GroupMember[];
  /** Committed offset per topic/partition; null when the group has never committed there. */
  offsets: { topic: string; partition: number; committed: number | null }[];
}

export interface TopicEnds {
  topic: string;
  partitions: { partition: number; start: number; end: number }[];
}

export interface OffsetsSnapshot {
  atMs: number;
  groups: GroupSnapshot[];
  topics: TopicEnds[];
}

/** Key of a topic partition in maps of offsets and timestamps. */
export const partitionId = (topic: string, partition: number) => `${topic}\u0000${partition}`;
/** Key of the record at one offset of a partition (for record timestamps). */
export const recordId = (topic: string, partition: number, offset: number) => `${partitionId(topic, partition)}@${offset}`;

// ------------------------------------------------------------------------------ what the views show

export interface LivePartition {
  topic: string;
  partition: number;
  start: number;
  end: number;
  committed: number | null;
  lag: number | null;
  timeLagMs: number | null;
  timeLagSource: TimeLagSource;
  status: PartitionStatus;
  /** The committed offset points at records retention already deleted. */
  behindLogStart: boolean;
  /** Records the group handled per second (committed offset movement), over the last minute. */
  consumeRate: number | null;
}

export interface LiveGroup {
  groupId: string;
  state: string;
  members: GroupMember[];
  status: GroupStatus;
  totalLag: number | null;
  maxTimeLagMs: number | null;
  partitionsWithoutCommit: number;
  /** Fill of the evaluation window, 0..1: below 1, STALL and WARN cannot be told yet. */
  complete: number;
  topics: string[];
  partitions: LivePartition[];
}

export interface LiveTopic {
  topic: string;
  partitions: { partition: number; start: number; end: number; rate: number | null }[];
  /** Messages per second over the last minute (summed over partitions); null until two polls. */
  rate: number | null;
  /** Records currently held (end − start, summed): a DLQ's depth. */
  depth: number;
  end: number;
}

export interface ClusterLive {
  atMs: number;
  groups: LiveGroup[];
  topics: LiveTopic[];
}

export interface MonitorOptions {
  /** Burrow's window: this many polls. Default 10 (50 s at the default 5 s poll). */
  windowSize?: number;
  /** Rates average over this window. Default 60 s. */
  rateWindowMs?: number;
  /** How long each partition's lag is kept for charts (a group's total is kept 24 h). Default 6 h. */
  partitionHistoryMs?: number;
}

const RATE_WINDOW_MS = 60_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * Accumulates polls of one cluster. `ingest` takes each poll in time order; `view` says what the
 * cluster looks like after the newest one.
 */
export class ClusterMonitor {
  /** Each group's total lag, 24 h at one point a minute. */
  readonly history = new LagHistory();
  /**
   * Each partition's lag, one point a minute for partitionHistoryMs. Shorter than the groups':
   * a cluster may have tens of thousands of partitions, and each series is a ring of its own.
   */
  readonly partitionHistory: LagHistory;
  private lastPruneMs = 0;
  private readonly ends = new OffsetHistory();
  private readonly commits = new OffsetHistory();
  private readonly windows = new Map<string, Commit[]>();
  private readonly recentEnds = new Map<string, number[]>();
  private readonly windowSize: number;
  private readonly rateWindowMs: number;
  private latest: ClusterLive = { atMs: 0, groups: [], topics: [] };

  constructor(options: MonitorOptions = {}) {
    this.windowSize = Math.max(2, options.windowSize ?? 10);
    this.rateWindowMs = options.rateWindowMs ?? RATE_WINDOW_MS;
    this.partitionHistory = new LagHistory({ retentionMs: options.partitionHistoryMs ?? 6 * 60 * 60_000 });
  }

  /**
   * One poll. `stamps` holds the timestamps of records at committed offsets, keyed by recordId;
   * where one is missing, time lag is interpolated from the log end offsets seen so far.
   */
  ingest(snapshot: OffsetsSnapshot, stamps: ReadonlyMap<string, number> = new Map()): ClusterLive {
    const now = snapshot.atMs;
    const logs = new Map<string, { start: number; end: number }>();
    for (const t of snapshot.topics) {
      for (const p of t.partitions) {
        const id = partitionId(t.topic, p.partition);
        logs.set(id, p);
        this.ends.record(t.topic, p.partition, p.end, now);
        const recent = [...(this.recentEnds.get(id) ?? []), p.end].slice(-this.windowSize);
        this.recentEnds.set(id, recent);
      }
    }

    const seenWindows = new Set<string>();
    const groups: LiveGroup[] = snapshot.groups.map((g) => {
      const evaluations: LabelledPartitionEvaluation[] = [];
      const partitions: LivePartition[] = [];
      const sorted = [...g.offsets].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
      for (const o of sorted) {
        const id = partitionId(o.topic, o.partition);
        const log = logs.get(id) ?? { start: 0, end: 0 };
        const stamp = o.committed === null ? undefined : stamps.get(recordId(o.topic, o.partition, o.committed));
        // The log's past ends are copied out only when interpolation needs them: no record timestamp, and behind.
        const interpolate = stamp === undefined && (messageLag(log.end, o.committed) ?? 0) > 0;
        const lag = partitionLag(
          { topic: o.topic, partition: o.partition, end: log.end, committed: o.committed, start: log.start },
          { nowMs: now, recordTimestampMs: stamp ?? null, ...(interpolate ? { samples: this.ends.samples(o.topic, o.partition) } : {}) },
        );
        const windowKey = `${g.groupId}\u0000${id}`;
        seenWindows.add(windowKey);
        let window = this.windows.get(windowKey) ?? [];
        let consumeRate: number | null = null;
        const commitsKey = `${g.groupId}\u0000${o.topic}`;
        if (o.committed !== null) {
          window = pushCommit(window, { offset: o.committed, lag: lag.lag, timeMs: now }, { windowSize: this.windowSize });
          this.windows.set(windowKey, window);
          this.commits.record(commitsKey, o.partition, o.committed, now);
          consumeRate = this.commits.rate(commitsKey, o.partition, this.rateWindowMs);
        }
        const evaluation = evaluatePartition({
          window,
          currentLag: lag.lag,
          nowMs: now,
          windowSize: this.windowSize,
          recentEndOffsets: this.recentEnds.get(id) ?? [],
        });
        evaluations.push({ ...evaluation, topic: o.topic, partition: o.partition });
        partitions.push({
          topic: o.topic,
          partition: o.partition,
          start: log.start,
          end: log.end,
          committed: o.committed,
          lag: lag.lag,
          timeLagMs: lag.timeLagMs,
          timeLagSource: lag.timeLagSource,
          status: evaluation.status,
          behindLogStart: isBehindLogStart({ ...lag, start: log.start }),
          consumeRate: consumeRate === null ? null : Math.max(consumeRate, 0),
        });
      }
      const group = evaluateGroup(evaluations);
      const timeLags = partitions.map((p) => p.timeLagMs).filter((x): x is number => x !== null);
      const maxTimeLagMs = timeLags.length ? Math.max(...timeLags) : null;
      for (const p of partitions) this.partitionHistory.addSample({ group: g.groupId, topic: p.topic, partition: p.partition }, now, { lag: p.lag, timeLagMs: p.timeLagMs });
      this.history.addSample({ group: g.groupId }, now, { lag: group.totalLag, timeLagMs: maxTimeLagMs });
      return {
        groupId: g.groupId,
        state: g.state,
        members: g.members,
        status: group.status,
        totalLag: group.totalLag,
        maxTimeLagMs,
        partitionsWithoutCommit: partitions.filter((p) => p.committed === null).length,
        complete: group.complete,
        topics: [...new Set(partitions.map((p) => p.topic))],
        partitions,
      };
    });
    // A group or partition that went away starts a fresh window if it comes back.
    for (const key of this.windows.keys()) if (!seenWindows.has(key)) this.windows.delete(key);
    for (const key of this.recentEnds.keys()) if (!logs.has(key)) this.recentEnds.delete(key);
    this.ends.prune(now);
    this.commits.prune(now);
    if (now - this.lastPruneMs >= PRUNE_EVERY_MS) {
      // Series of groups and partitions gone for longer than the retention are freed.
      this.history.prune();
      this.partitionHistory.prune();
      this.lastPruneMs = now;
    }

    const topics: LiveTopic[] = snapshot.topics.map((t) => {
      const partitions = t.partitions.map((p) => ({ ...p, rate: this.ends.rate(t.topic, p.partition, this.rateWindowMs) }));
      const rates = partitions.map((p) => p.rate).filter((r): r is number => r !== null);
      return {
        topic: t.topic,
        partitions,
        rate: rates.length ? rates.reduce((a, b) => a + b, 0) : null,
        depth: t.partitions.reduce((a, p) => a + Math.max(p.end - p.start, 0), 0),
        end: t.partitions.reduce((a, p) => a + p.end, 0),
      };
    });
    this.latest = { atMs: now, groups, topics };
    return this.latest;
  }

  view(): ClusterLive {
    return this.latest;
  }

  /** Lag over time for charts: a group's total, or one partition of it. */
  lagSeries(key: SeriesKey, fromMs: number, toMs: number): LagPoint[] {
    return (key.topic === undefined ? this.history : this.partitionHistory).series(key, fromMs, toMs);
  }
}
