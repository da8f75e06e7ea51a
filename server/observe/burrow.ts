// Consumer status without thresholds, after Burrow's "Consumer Lag Evaluation Rules"
// (github.com/linkedin/Burrow/wiki, evaluator/caching.go). Each partition keeps a sliding window
// of the group's last N commits; its status comes from how offsets and lag move across it.
// Pure: the clock comes in as nowMs.
//
// Order of the rules, as Burrow applies them today:
//   current lag 0 (or unknown)              → OK: a caught-up partition is never in trouble.
//   STOP   now − newest commit > newest − oldest commit, unless the log end was at or below the
//          newest commit in the recent end offsets. Checked before the zero-lag rule, because a
//          zero lag in an old window says nothing about a consumer that has since gone quiet.
//   OK     some commit in the window had zero lag.
//   REWIND the committed offset went backwards between two commits.
//   STALL  every commit in the window has the same offset (and there is lag).
//   WARN   offsets move but the lag never goes down from one commit to the next.
//   OK     otherwise.
//
// Choices where Burrow leaves room:
// - An incomplete window (fewer than windowSize commits) is judged only for STOP and REWIND,
//   which are evident from any two commits. STALL and WARN are trends: claiming them from two
//   or three commits would flag healthy consumers right after Flowlens starts watching. The
//   partition reports its completeness so the screen can say "still learning".
// - STOP needs two commits: with one, "newest − oldest" is 0 and any moment would count as stopped.
// - A partition the group never committed on is NOTFOUND (Burrow has no such partition at all).
//   NOTFOUND ranks below OK, so it never hides a real problem elsewhere in the group.
// - Group status, as in Burrow: the worst partition status, with STOP, STALL and REWIND all
//   reported as ERR. A group with no partitions, or none with a commit, is NOTFOUND.

/** Burrow's status names in Burrow's order (StatusConstant): later is worse. */
export const STATUSES = ["NOTFOUND", "OK", "WARN", "ERR", "STOP", "STALL", "REWIND"] as const;
export type Status = (typeof STATUSES)[number];
export type PartitionStatus = Exclude<Status, "ERR">;
export type GroupStatus = Extract<Status, "NOTFOUND" | "OK" | "WARN" | "ERR">;

export const severityOrder: Readonly<Record<Status, number>> = Object.freeze(
  Object.fromEntries(STATUSES.map((s, i) => [s, i])) as Record<Status, number>,
);

/** The worst of some statuses by Burrow's order; NOTFOUND when there are none. */
export function worst<S extends Status>(statuses: Iterable<S>): S | "NOTFOUND" {
  let w: S | "NOTFOUND" = "NOTFOUND";
  for (const s of statuses) if (severityOrder[s] > severityOrder[w]) w = s;
  return w;
}

export const DEFAULT_WINDOW_SIZE = 10;

/** One offset commit of a group on a partition. */
export type Commit = {
  offset: number;
  /** Lag when the commit was made (log end − offset); null when the log end was not known then. */
  lag: number | null;
  /**
   * When the commit was made. A source that only polls committed offsets should add an entry per
   * poll (pushCommit merges entries closer than minDistanceMs): a dead consumer then reads as
   * STALL instead of STOP; both are ERR for the group.
   */
  timeMs: number;
};

export type PushCommitOptions = { windowSize?: number; minDistanceMs?: number };

/**
 * The window after a new commit: the newest windowSize commits, oldest first. A commit older than
 * the newest one is ignored; one within minDistanceMs of the newest replaces it (Burrow's
 * min-distance), so a burst of commits does not flush the window.
 */
export function pushCommit(window: readonly Commit[], commit: Commit, options: PushCommitOptions = {}): Commit[] {
  const size = Math.max(1, options.windowSize ?? DEFAULT_WINDOW_SIZE);
  const minDistanceMs = options.minDistanceMs ?? 0;
  const last = window[window.length - 1];
  if (last && commit.timeMs < last.timeMs) return [...window];
  const kept = last && commit.timeMs - last.timeMs < minDistanceMs ? window.slice(0, -1) : window;
  return [...kept, commit].slice(-size);
}

export type PartitionEvaluationInput = {
  /** The partition's commits, oldest first; longer windows are cut to the newest windowSize. */
  window: readonly Commit[];
  /** Lag now (log end − committed); null when the group has no committed offset. */
  currentLag: number | null;
  nowMs: number;
  windowSize?: number;
  /** Log end offsets of the partition from recent polls: any at or below the newest commit vetoes STOP. */
  recentEndOffsets?: readonly number[];
};

export type PartitionEvaluation = {
  status: PartitionStatus;
  /** Fill of the window, 0..1. */
  complete: number;
  currentLag: number | null;
  /** Oldest and newest commit of the window. */
  start: Commit | null;
  end: Commit | null;
};

export function evaluatePartition(input: PartitionEvaluationInput): PartitionEvaluation {
  const size = Math.max(1, input.windowSize ?? DEFAULT_WINDOW_SIZE);
  const w = input.window.slice(-size);
  const complete = w.length / size;
  const start = w[0] ?? null;
  const end = w[w.length - 1] ?? null;
  const result = (status: PartitionStatus): PartitionEvaluation => ({ status, complete, currentLag: input.currentLag, start, end });

  if (input.currentLag === null) return result("NOTFOUND");
  if (input.currentLag <= 0 || !start || !end) return result("OK");

  if (w.length >= 2 && isStopped(w, input.nowMs) && !wasRecentlyCaughtUp(end, input.recentEndOffsets ?? [])) return result("STOP");
  if (w.some((c) => c.lag === 0)) return result("OK");
  if (hasRewound(w)) return result("REWIND");
  if (complete < 1) return result("OK");
  if (isStalled(w)) return result("STALL");
  if (isLagNotDecreasing(w)) return result("WARN");
  return result("OK");
}

// The consumer has gone quiet for longer than the window it took to make its last commits.
function isStopped(w: readonly Commit[], nowMs: number): boolean {
  const first = w[0]!.timeMs;
  const last = w[w.length - 1]!.timeMs;
  return nowMs - last > last - first;
}

function wasRecentlyCaughtUp(newest: Commit, recentEndOffsets: readonly number[]): boolean {
  return recentEndOffsets.some((e) => e <= newest.offset);
}

function hasRewound(w: readonly Commit[]): boolean {
  return w.some((c, i) => i > 0 && c.offset < w[i - 1]!.offset);
}

function isStalled(w: readonly Commit[]): boolean {
  return w.every((c) => c.offset === w[0]!.offset);
}

// Commits whose lag was not known are skipped, as in Burrow.
function isLagNotDecreasing(w: readonly Commit[]): boolean {
  let previous: number | null = null;
  for (const c of w) {
    if (c.lag === null) continue;
    if (previous !== null && c.lag < previous) return false;
    previous = c.lag;
  }
  return true;
}

export type LabelledPartitionEvaluation = PartitionEvaluation & { topic: string; partition: number };

export type GroupEvaluation = {
  status: GroupStatus;
  /** Share of partitions whose window is full, 0..1; 0 for a group with no partitions. */
  complete: number;
  /** Sum of known current lags; null when no partition has a committed offset. */
  totalLag: number | null;
  /** The partition with the largest current lag, if any has one. */
  maxLag: LabelledPartitionEvaluation | null;
  /** Partitions that are not OK, worst first. */
  problems: LabelledPartitionEvaluation[];
};

/** Burrow's group rollup: STOP, STALL and REWIND partitions make the group ERR. */
export function groupStatusOf(status: PartitionStatus | "NOTFOUND"): GroupStatus {
  return severityOrder[status] > severityOrder.ERR ? "ERR" : (status as GroupStatus);
}

export function evaluateGroup(partitions: readonly LabelledPartitionEvaluation[]): GroupEvaluation {
  let totalLag: number | null = null;
  let maxLag: LabelledPartitionEvaluation | null = null;
  for (const p of partitions) {
    if (p.currentLag === null) continue;
    totalLag = (totalLag ?? 0) + p.currentLag;
    if (!maxLag || p.currentLag > (maxLag.currentLag ?? -1)) maxLag = p;
  }
  const complete = partitions.length === 0 ? 0 : partitions.filter((p) => p.complete >= 1).length / partitions.length;
  const problems = partitions
    .filter((p) => severityOrder[p.status] > severityOrder.OK)
    .sort((a, b) => severityOrder[b.status] - severityOrder[a.status] || a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return { status: groupStatusOf(worst(partitions.map((p) => p.status))), complete, totalLag, maxLag, problems };
}
