import { randomUUID } from "node:crypto";
import type { Admin, Kafka } from "kafkajs";
import { partitionId, type GroupSnapshot, type OffsetsSnapshot, type TopicEnds } from "../observe/monitor";
import { createKafka, type ClusterConfig } from "./client";

// Reads what lag is made of: end offsets per partition, committed offsets per consumer group, the
// groups' state and members, and the timestamp of the record each group would read next.
// Returns plain Flowlens types; the math lives in server/observe.

export type { GroupMember, GroupSnapshot, OffsetsSnapshot, TopicEnds } from "../observe/monitor";

/** Key of a topic partition in maps of offsets and timestamps. */
export const timestampKey = partitionId;

/** Groups Flowlens itself creates to peek at records; never shown as the user's groups. */
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
 * by a short-lived consumer that seeks, takes one record per partition and commits nothing. Its
 * group is deleted afterwards. Offsets whose record is gone (retention) or not read in time are
 * left out; callers interpolate those.
 */
export async function recordTimestamps(
  kafka: Kafka,
  admin: Admin,
  wanted: { topic: string; partition: number; offset: number }[],
  timeoutMs = 5000,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!wanted.length) return out;
  const groupId = `${PEEK_GROUP_PREFIX}${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 250 });
  const pending = new Map(wanted.map((w) => [timestampKey(w.topic, w.partition), w.offset]));
  try {
    await consumer.connect();
    const topics = [...new Set(wanted.map((w) => w.topic))];
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const w of wanted) consumer.seek({ topic: w.topic, partition: w.partition, offset: String(w.offset) });
      });
      void consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const k = timestampKey(topic, partition);
            const target = pending.get(k);
            if (target === undefined || num(message.offset) < target) return;
            // Compaction or retention may have removed the exact record: the next one is the best estimate.
            out.set(k, num(message.timestamp));
            pending.delete(k);
            if (!pending.size) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(() => resolve());
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return out;
}

/** One snapshot with record timestamps, for one-shot callers such as the CLI. */
export async function snapshotCluster(cfg: ClusterConfig, opts: { groups?: string[]; timestamps?: boolean } = {}) {
  const kafka = createKafka(cfg);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const snapshot = await readOffsets(admin, opts);
    const ends = new Map(snapshot.topics.flatMap((t) => t.partitions.map((p) => [timestampKey(t.topic, p.partition), p.end] as const)));
    const behind = snapshot.groups.flatMap((g) =>
      g.offsets.filter((o) => o.committed !== null && o.committed < (ends.get(timestampKey(o.topic, o.partition)) ?? 0)).map((o) => ({ topic: o.topic, partition: o.partition, offset: o.committed! })),
    );
    // Each distinct (partition, offset) is read once, however many groups sit there.
    const unique = [...new Map(behind.map((b) => [`${timestampKey(b.topic, b.partition)}@${b.offset}`, b])).values()];
    const stamps = opts.timestamps === false ? new Map<string, number>() : await readStamps(kafka, admin, unique);
    return { snapshot, stamps };
  } finally {
    await admin.disconnect();
  }
}

/** Timestamps keyed by topic, partition and offset (a peek reads one offset per partition per round). */
async function readStamps(kafka: Kafka, admin: Admin, wanted: { topic: string; partition: number; offset: number }[]) {
  const out = new Map<string, number>();
  let rest = wanted;
  while (rest.length) {
    const round = [...new Map(rest.map((w) => [timestampKey(w.topic, w.partition), w])).values()];
    const got = await recordTimestamps(kafka, admin, round);
    for (const w of round) {
      const t = got.get(timestampKey(w.topic, w.partition));
      if (t !== undefined) out.set(`${timestampKey(w.topic, w.partition)}@${w.offset}`, t);
    }
    rest = rest.filter((w) => !round.includes(w));
  }
  return out;
}
