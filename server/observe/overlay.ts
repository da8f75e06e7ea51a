// The join Flowlens exists for: the flow document laid over what the cluster says. Each designed
// consumer and transformer gets its group's lag and status, each topic its msgs/s, each DLQ its
// depth and rate of new dead letters; groups that read a designed topic without being in the
// design are flagged. Pure.
import { appNameOf } from "../flow/asyncapi/emit";
import { isConsuming, type FlowDoc } from "../flow/model";
import type { GroupStatus } from "./burrow";
import type { ClusterLive, LiveGroup, LiveTopic } from "./monitor";

export type NodeLive =
  | {
      kind: "group";
      groupId: string;
      /** False when the cluster has no such group (never started, or its offsets expired). */
      found: boolean;
      status: GroupStatus;
      state: string;
      members: number;
      totalLag: number | null;
      maxTimeLagMs: number | null;
      partitionsWithoutCommit: number;
    }
  | { kind: "topic"; topic: string; found: boolean; rate: number | null; partitions: number }
  | { kind: "dlq"; topic: string; found: boolean; depth: number; rate: number | null };

export interface UndesignedGroup {
  groupId: string;
  /** The designed topics it consumes. */
  topics: string[];
  status: GroupStatus;
  totalLag: number | null;
}

export interface FlowOverlay {
  atMs: number;
  nodes: Record<string, NodeLive>;
  undesignedGroups: UndesignedGroup[];
}

/** The consumer group a designed consumer or transformer runs as: its group id, else its app name (as the stubs do). */
export function designedGroupId(node: FlowDoc["nodes"][number]): string | null {
  if (!isConsuming(node)) return null;
  return node.groupId.trim() || appNameOf(node);
}

/** Topic names the flow designs (topics and DLQs), for the poller to watch even when nobody consumes them. */
export function designedTopics(doc: FlowDoc): string[] {
  return [...new Set(doc.nodes.filter((n) => n.kind === "topic" || n.kind === "dlq").map((n) => n.name))].sort();
}

export function flowOverlay(doc: FlowDoc, live: ClusterLive): FlowOverlay {
  const groups = new Map<string, LiveGroup>(live.groups.map((g) => [g.groupId, g]));
  const topics = new Map<string, LiveTopic>(live.topics.map((t) => [t.topic, t]));
  const nodes: Record<string, NodeLive> = {};
  const designedGroups = new Set<string>();
  for (const n of doc.nodes) {
    const groupId = designedGroupId(n);
    if (groupId !== null) {
      designedGroups.add(groupId);
      const g = groups.get(groupId);
      // Kafka keeps an empty group with no offsets around as "Dead": that is no group at all.
      const found = !!g && !(g.state === "Dead" && g.partitions.length === 0);
      nodes[n.id] = {
        kind: "group",
        groupId,
        found,
        status: found ? g!.status : "NOTFOUND",
        state: g?.state ?? "Unknown",
        members: g?.members.length ?? 0,
        totalLag: found ? g!.totalLag : null,
        maxTimeLagMs: found ? g!.maxTimeLagMs : null,
        partitionsWithoutCommit: found ? g!.partitionsWithoutCommit : 0,
      };
    } else if (n.kind === "topic") {
      const t = topics.get(n.name);
      nodes[n.id] = { kind: "topic", topic: n.name, found: !!t, rate: t?.rate ?? null, partitions: t?.partitions.length ?? 0 };
    } else if (n.kind === "dlq") {
      const t = topics.get(n.name);
      nodes[n.id] = { kind: "dlq", topic: n.name, found: !!t, depth: t?.depth ?? 0, rate: t?.rate ?? null };
    }
  }
  const designed = new Set(designedTopics(doc));
  const undesignedGroups = live.groups
    .filter((g) => !designedGroups.has(g.groupId))
    .map((g) => ({ groupId: g.groupId, topics: g.topics.filter((t) => designed.has(t)), status: g.status, totalLag: g.totalLag }))
    .filter((g) => g.topics.length > 0)
    .sort((a, b) => a.groupId.localeCompare(b.groupId));
  return { atMs: live.atMs, nodes, undesignedGroups };
}
