import type { Admin } from "kafkajs";
import { partitionId, recordId, type GroupSnapshot, type OffsetsSnapshot, type TopicEnds } from "../observe/monitor";
import { createKafka, type ClusterConfig } from "./client";
import { openRecordReader, type RecordReader } from "./records";

// Reads what lag is made of: end offsets per partition, committed offsets per consumer group, the
// groups' state and members, and the timestamp of the record each group would read next.
// Returns plain Flowlens types; the math lives in server/observe.

export type { GroupMember, GroupSnapshot, OffsetsSnapshot, TopicEnds } from "../observe/monitor";

/** Key of a topic partition in maps of offsets and timestamps. */
export const timestampKey = partitionId;

/** Groups earlier Flowlens versions created to peek at records; never shown as the user's groups. */
export const PEEK_GROUP_PREFIX = "flowlens-peek-";

const num = (s: string) => Number(s);

/**
 * One poll: every consumer group (or the ones named), their committed offsets, and the log start
 * and end of each topic they consume plus `topics` (designed topics and DLQs nobody consumes yet).
 * Topics in `topics` that do not exist are left out.
 */
export async function readOffsets(admin: Admin, opts: { groups?: string[]; topics?: string[] } = {}): Promise<OffsetsSnapshot> {
  const listed = opts.groups ?? (await admin.listGroups()).groups.filter((g) => g.protocolType === "consumer" || g.protocolType === "").map((g) => g.groupId);
  const groupIds = listed.filter((g) => !g.startsWith(PEEK_GROUP_PREFIX)).sort();
  const described = groupIds.length ? (await admin.describeGroups(groupIds)).groups : [];
  const groups: GroupSnapshot[] = [];
  for (const g of described) {
    // Without topics Kafka lists only partitions the group has committed on; asking again for those
    // topics lists every partition, with -1 where there is no commit, which is what users must see.
    const committedTopics = (await admin.fetchOffsets({ groupId: g.groupId })).map((t) => t.topic);
    const fetched = committedTopics.length ? await admin.fetchOffsets({ groupId: g.groupId, topics: committedTopics }) : [];
    groups.push({
      groupId: g.groupId,
      state: g.state,
      members: g.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.clientHost })),
      offsets: fetched.flatMap((t) =>
        t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, committed: num(p.offset) < 0 ? null : num(p.offset) })),
      ),
    });
  }
  const consumed = new Set(groups.flatMap((g) => g.offsets.map((o) => o.topic)));
  let extra = (opts.topics ?? []).filter((t) => !consumed.has(t));
  if (extra.length) {
    const existing = new Set(await admin.listTopics());
    extra = extra.filter((t) => existing.has(t));
  }
  const topicNames = [...new Set([...consumed, ...extra])].sort();
  const topics: TopicEnds[] = [];
  for (const topic of topicNames) {
    const parts = await admin.fetchTopicOffsets(topic);
    topics.push({ topic, partitions: parts.map((p) => ({ partition: p.partition, start: num(p.low), end: num(p.high) })).sort((a, b) => a.partition - b.partition) });
  }
  return { atMs: Date.now(), groups, topics };
}

/**
 * The timestamps of the records at the given offsets (the next record each group will read), read
 * without joining a consumer group (server/kafka/records.ts). Where the exact record is gone
 * (compaction), the next one stands in for it; offsets with no record left (retention) are left
 * out, and callers interpolate those. Keys are recordId(topic, partition, offset).
 */
export async function recordTimestamps(
  reader: RecordReader,
  wanted: { topic: string; partition: number; offset: number; end: number }[],
  concurrency = 16,
  /** Called with each timestamp as soon as it is read, so callers need not wait for the slowest. */
  onStamp?: (key: string, timestampMs: number) => void,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const w = wanted[next++]!;
      if (w.offset >= w.end) continue;
      const [record] = await reader.fetchPartition(w.topic, w.partition, w.offset, w.end, { max: 1 }).catch(() => []);
      if (!record) continue;
      const key = recordId(w.topic, w.partition, w.offset);
      out.set(key, record.timestampMs);
      onStamp?.(key, record.timestampMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, wanted.length) }, worker));
  return out;
}

/** One snapshot with record timestamps, for one-shot callers such as the CLI. */
export async function snapshotCluster(cfg: ClusterConfig, opts: { groups?: string[]; timestamps?: boolean } = {}) {
  const kafka = createKafka(cfg);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const snapshot = await readOffsets(admin, opts);
    if (opts.timestamps === false) return { snapshot, stamps: new Map<string, number>() };
    const ends = new Map(snapshot.topics.flatMap((t) => t.partitions.map((p) => [timestampKey(t.topic, p.partition), p.end] as const)));
    // Each distinct (partition, offset) is read once, however many groups sit there.
    const wanted = new Map<string, { topic: string; partition: number; offset: number; end: number }>();
    for (const g of snapshot.groups) {
      for (const o of g.offsets) {
        const end = ends.get(timestampKey(o.topic, o.partition)) ?? 0;
        if (o.committed !== null && o.committed < end) wanted.set(recordId(o.topic, o.partition, o.committed), { topic: o.topic, partition: o.partition, offset: o.committed, end });
      }
    }
    if (!wanted.size) return { snapshot, stamps: new Map<string, number>() };
    const reader = await openRecordReader(cfg);
    try {
      return { snapshot, stamps: await recordTimestamps(reader, [...wanted.values()]) };
    } finally {
      await reader.close();
    }
  } finally {
    await admin.disconnect();
  }
}
