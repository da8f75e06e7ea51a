import "server-only";
import type { Db } from "../db/client";
import { env } from "../env";
import { migrateFlow } from "../flow/migrations";
import { ClusterPoller, type LiveSnapshot } from "../kafka/poller";
import type { ClusterLive, LiveGroup } from "../observe/monitor";
import { designedGroupId, designedTopics } from "../observe/overlay";
import { ClusterError, clusterConfig } from "./clusters";

// The registry of cluster pollers: one per cluster for the life of the server process, started on
// first use (or at boot) and restarted when the cluster's settings change.

const g = globalThis as unknown as { __flowlensPollers?: Map<string, ClusterPoller> };
const pollers = (g.__flowlensPollers ??= new Map());

const WATCH_REFRESH_MS = 30_000;

/** Designed topic names of every flow linked to the cluster, re-read at most every 30 s. */
function watchedTopics(prisma: Db, clusterId: string) {
  let cached: { atMs: number; topics: string[] } | null = null;
  return async () => {
    if (cached && Date.now() - cached.atMs < WATCH_REFRESH_MS) return cached.topics;
    const flows = await prisma.flow.findMany({ where: { clusterId }, select: { doc: true } });
    const topics = [...new Set(flows.flatMap((f) => designedTopics(migrateFlow(f.doc))))].sort();
    cached = { atMs: Date.now(), topics };
    return topics;
  };
}

/** The cluster's poller, started if it was not running. Throws NOT_FOUND for an unknown cluster. */
export async function pollerFor(prisma: Db, clusterId: string): Promise<ClusterPoller> {
  const running = pollers.get(clusterId);
  if (running) return running;
  if (!(await prisma.cluster.findUnique({ where: { id: clusterId }, select: { id: true } }))) {
    throw new ClusterError("That cluster does not exist (it may have been deleted).", "NOT_FOUND");
  }
  const again = pollers.get(clusterId);
  if (again) return again;
  const poller = new ClusterPoller({
    clusterId,
    intervalMs: env().FLOWLENS_POLL_INTERVAL_MS,
    config: () => clusterConfig(prisma, clusterId),
    watchTopics: watchedTopics(prisma, clusterId),
  });
  pollers.set(clusterId, poller);
  poller.start();
  return poller;
}

/** The cluster's settings changed: its poller reconnects with them, keeping history and subscribers. */
export async function reconfigurePoller(clusterId: string): Promise<void> {
  await pollers.get(clusterId)?.reconfigure();
}

/** The cluster was deleted: its poller stops, and the subscriptions on it end. */
export async function stopPoller(clusterId: string): Promise<void> {
  const p = pollers.get(clusterId);
  pollers.delete(clusterId);
  await p?.stop();
}

/** Every cluster gets its poller (at server start, and before a metrics scrape), so history and /api/metrics do not wait for a viewer. */
export async function startAllPollers(prisma: Db): Promise<void> {
  const clusters = await prisma.cluster.findMany({ select: { id: true } });
  for (const c of clusters) await pollerFor(prisma, c.id).catch(() => undefined);
}

export function runningPollers(): ClusterPoller[] {
  return [...pollers.values()];
}

/**
 * Waits for the poller's next report, or the current one if it has polled already. Yields every
 * later report until `signal` aborts; only the newest report is kept while the consumer is busy.
 */
export async function* liveReports(poller: ClusterPoller, signal: AbortSignal | undefined): AsyncGenerator<LiveSnapshot> {
  let pending: LiveSnapshot | null = poller.current().status.lastSuccessMs !== null || poller.current().status.state === "unreachable" ? poller.current() : null;
  let wake: (() => void) | null = null;
  let closed = poller.isStopped;
  const unsubscribe = poller.subscribe(
    (s) => {
      pending = s;
      wake?.();
    },
    () => {
      closed = true;
      wake?.();
    },
  );
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    while (!signal?.aborted && !closed) {
      if (!pending) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      const next: LiveSnapshot = pending;
      pending = null;
      yield next;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener("abort", onAbort);
  }
}

// ------------------------------------------------------------------------------ views for the pages

export interface FlowLive {
  clusterId: string;
  status: LiveSnapshot["status"];
  /** The groups and topics the flow's overlay needs: designed ones, and groups that read designed topics. */
  live: ClusterLive | null;
}

/** Cuts a cluster's figures down to what one flow shows (the overlay is computed where the document is). */
export function liveForFlow(snapshot: LiveSnapshot, doc: Parameters<typeof designedTopics>[0]): FlowLive {
  if (!snapshot.live) return { clusterId: snapshot.clusterId, status: snapshot.status, live: null };
  const topics = new Set(designedTopics(doc));
  const groups = new Set(doc.nodes.map(designedGroupId).filter((x): x is string => x !== null));
  const live = snapshot.live;
  return {
    clusterId: snapshot.clusterId,
    status: snapshot.status,
    live: {
      atMs: live.atMs,
      groups: live.groups.filter((gr) => groups.has(gr.groupId) || gr.topics.some((t) => topics.has(t))),
      topics: live.topics.filter((t) => topics.has(t.topic)),
    },
  };
}

export type GroupSummary = Omit<LiveGroup, "partitions" | "members"> & { members: number; partitions: number };

/** The groups list: one row per group, without its partitions. */
export function groupSummaries(live: ClusterLive | null): GroupSummary[] {
  return (live?.groups ?? []).map(({ partitions, members, ...rest }) => ({ ...rest, members: members.length, partitions: partitions.length }));
}
