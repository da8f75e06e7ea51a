import { setTimeout as sleep } from "node:timers/promises";
import type { Kafka } from "kafkajs";
import { createKafka, type ClusterConfig } from "./client";

// Reads records WITHOUT a consumer group. kafkajs's public consumer must join a group, and a join
// costs seconds (group.initial.rebalance.delay.ms is 3 s by default on real clusters) and leaves a
// group behind in the cluster's list. kafkajs 2.2.4 is frozen upstream, so this one file uses its
// internals, and nothing else sees them:
//   - the client's private `createCluster` factory (a Symbol-keyed property of the Kafka object,
//     described "private:Kafka:createCluster"), which builds a `Cluster` from the client's config;
//   - Cluster: connect, disconnect, addTargetTopic, refreshMetadata(IfNecessary), metadata,
//     findTopicPartitionMetadata, findBroker, fetchTopicsOffset (ListOffsets);
//   - Broker.fetch (the Fetch request, read_committed, no fetch session) and the decoded records
//     it returns (offset, timestamp, key, value, headers, isControlRecord, batchContext).
// If an upgrade changes any of them, openRecordReader fails with a message saying so.

export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: number;
  timestampMs: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

/** Log start and log end (the next offset to be written; read_committed: the last stable offset). */
export interface PartitionBounds {
  partition: number;
  start: number;
  end: number;
}

export interface RecordReader {
  bounds(topic: string): Promise<PartitionBounds[]>;
  /** Partition -> first offset whose timestamp is >= timeMs, or the log end when there is none. */
  offsetForTime(topic: string, timeMs: number): Promise<Map<number, number>>;
  /** Records of one partition from `fromOffset` (inclusive) up to `toOffset` (exclusive), at most `max`, in offset order. Stops early on signal abort. */
  fetchPartition(
    topic: string,
    partition: number,
    fromOffset: number,
    toOffset: number,
    opts: { max: number; signal?: AbortSignal; maxBytes?: number },
  ): Promise<KafkaRecord[]>;
  close(): Promise<void>;
}

/** A reader that can also list the cluster's topics. */
export interface ClusterRecordReader extends RecordReader {
  /** Names of every topic the cluster reports (internal ones included), sorted. */
  topics(): Promise<string[]>;
}

export type RecordReadErrorCode = "UNKNOWN_TOPIC" | "UNKNOWN_PARTITION" | "NO_LEADER" | "UNREACHABLE" | "FAILED";

export class RecordReadError extends Error {
  constructor(
    message: string,
    readonly code: RecordReadErrorCode,
  ) {
    super(message);
  }
}

/** The most one fetch asks for unless the caller says otherwise; grown (×4) up to MAX_FETCH_BYTES when a fetch brings nothing back. */
const DEFAULT_FETCH_BYTES = 1024 * 1024;
const MAX_FETCH_BYTES = 16 * 1024 * 1024;
const MIN_FETCH_BYTES = 16 * 1024;
/** Guess of a record's size on the wire before any of a topic's records were seen. */
const FIRST_GUESS_RECORD_BYTES = 1024;
/** Per-record framing on the wire (record and amortised batch headers). */
const RECORD_OVERHEAD_BYTES = 70;
const LEADER_RETRIES = 3;
const READ_COMMITTED = 1;
/** The key of an abort marker (control record version 0, type 0 = ABORT). */
const ABORT_MARKER = [0, 0, 0, 0];

// ---------------------------------------------------------------- the internals, typed narrowly

interface WireMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | null | (Buffer | null)[]>;
  isControlRecord: boolean;
  batchContext: { firstOffset: string; lastOffsetDelta: number; producerId: string; inTransaction: boolean };
}

interface WirePartition {
  partition: number;
  errorCode: number;
  highWatermark: string;
  lastStableOffset?: string;
  abortedTransactions?: { producerId: string; firstOffset: string }[];
  messages: WireMessage[];
}

interface InternalBroker {
  fetch(req: {
    replicaId: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topicName: string; partitions: WirePartition[] }[] }>;
}

interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  metadata(opts?: { topics?: string[] }): Promise<{ topicMetadata: { topic: string }[] }>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number | null }[];
  findBroker(opts: { nodeId: string }): Promise<InternalBroker>;
  fetchTopicsOffset(
    topics: { topic: string; partitions: { partition: number }[]; fromBeginning?: boolean; fromTimestamp?: number }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

type ClusterFactory = (opts: { metadataMaxAge?: number; allowAutoTopicCreation?: boolean; isolationLevel?: number }) => InternalCluster;

function internalCluster(kafka: Kafka): InternalCluster {
  const holder = kafka as unknown as Record<symbol, unknown>;
  const key = Object.getOwnPropertySymbols(holder).find((s) => s.description === "private:Kafka:createCluster");
  const factory = key ? holder[key] : undefined;
  if (typeof factory !== "function") throw new RecordReadError("kafkajs internals changed: the client has no cluster factory (server/kafka/records.ts needs updating).", "FAILED");
  const cluster = (factory as ClusterFactory)({ metadataMaxAge: 300_000, allowAutoTopicCreation: false, isolationLevel: READ_COMMITTED });
  for (const m of ["connect", "disconnect", "addTargetTopic", "findTopicPartitionMetadata", "findBroker", "fetchTopicsOffset"] as const) {
    if (typeof cluster[m] !== "function") throw new RecordReadError(`kafkajs internals changed: Cluster.${m} is missing (server/kafka/records.ts needs updating).`, "FAILED");
  }
  return cluster;
}

// ---------------------------------------------------------------- errors

const errType = (e: unknown) => (e as { type?: string })?.type ?? "";
const errName = (e: unknown) => (e as { name?: string })?.name ?? "";
const LEADER_ERRORS = new Set(["NOT_LEADER_FOR_PARTITION", "NOT_LEADER_OR_FOLLOWER", "LEADER_NOT_AVAILABLE", "UNKNOWN_LEADER_EPOCH", "FENCED_LEADER_EPOCH", "REPLICA_NOT_AVAILABLE"]);
const isLeaderError = (e: unknown) => LEADER_ERRORS.has(errType(e)) || errName(e) === "KafkaJSBrokerNotFound" || (e as RecordReadError)?.code === "NO_LEADER";

function toReadError(e: unknown, topic?: string, partition?: number): RecordReadError {
  if (e instanceof RecordReadError) return e;
  const cause = (e as { cause?: unknown })?.cause;
  if (errName(e) === "KafkaJSNumberOfRetriesExceeded" && cause) return toReadError(cause, topic, partition);
  const where = partition === undefined ? `topic "${topic}"` : `partition ${partition} of topic "${topic}"`;
  if (errType(e) === "UNKNOWN_TOPIC_OR_PARTITION") return new RecordReadError(`Topic "${topic}" does not exist on this cluster.`, "UNKNOWN_TOPIC");
  if (errType(e) === "TOPIC_AUTHORIZATION_FAILED") return new RecordReadError(`This cluster does not allow Flowlens to read topic "${topic}".`, "FAILED");
  if (isLeaderError(e)) return new RecordReadError(`No leader is available for ${where} just now; try again shortly.`, "NO_LEADER");
  const name = errName(e);
  if (name === "KafkaJSConnectionError" || name === "KafkaJSRequestTimeoutError" || name === "KafkaJSConnectionClosedError") {
    return new RecordReadError(`Cannot reach the cluster: ${(e as Error).message}`, "UNREACHABLE");
  }
  return new RecordReadError(`Reading ${topic ? where : "the cluster"} failed: ${(e as Error)?.message ?? String(e)}`, "FAILED");
}

// ---------------------------------------------------------------- decoding

const num = (s: string) => Number(s);

function headerList(headers: WireMessage["headers"]): KafkaRecord["headers"] {
  const out: KafkaRecord["headers"] = [];
  for (const [key, v] of Object.entries(headers ?? {})) {
    // kafkajs folds repeated header names into an array; unfold them in their order.
    if (Array.isArray(v)) for (const one of v) out.push({ key, value: one ?? null });
    else out.push({ key, value: v ?? null });
  }
  return out;
}

const isAbortMarker = (m: WireMessage) => !!m.key && m.key.length === 4 && ABORT_MARKER.every((b, i) => m.key![i] === b);

/**
 * The records a user may see (no control records, nothing from an aborted transaction, nothing
 * before the offset asked for) and the offset to fetch next: past the end of the last batch, so
 * that gaps left by compaction and transaction markers are stepped over.
 */
function decodePartition(topic: string, part: WirePartition, fetchOffset: number): { records: KafkaRecord[]; nextOffset: number } {
  const aborted = [...(part.abortedTransactions ?? [])].sort((a, b) => num(a.firstOffset) - num(b.firstOffset));
  const abortedProducers = new Set<string>();
  const records: KafkaRecord[] = [];
  let nextOffset = fetchOffset;
  for (const m of part.messages) {
    const offset = num(m.offset);
    const ctx = m.batchContext;
    if (ctx) nextOffset = Math.max(nextOffset, num(ctx.firstOffset) + ctx.lastOffsetDelta + 1);
    nextOffset = Math.max(nextOffset, offset + 1);
    while (aborted.length && num(aborted[0]!.firstOffset) <= offset) abortedProducers.add(aborted.shift()!.producerId);
    if (m.isControlRecord) {
      if (isAbortMarker(m)) abortedProducers.delete(ctx?.producerId);
      continue;
    }
    if (offset < fetchOffset) continue; // a compressed batch comes whole, including what precedes the offset asked for
    if (ctx?.inTransaction && abortedProducers.has(ctx.producerId)) continue;
    records.push({ topic, partition: part.partition, offset, timestampMs: num(m.timestamp), key: m.key ?? null, value: m.value ?? null, headers: headerList(m.headers) });
  }
  return { records, nextOffset };
}

// ---------------------------------------------------------------- the reader

/** Opens a reader on one cluster (connect once, reuse for many calls); close() when done. */
export async function openRecordReader(cfg: ClusterConfig): Promise<ClusterRecordReader> {
  const cluster = internalCluster(createKafka({ ...cfg, clientId: cfg.clientId ?? "flowlens-reader" }));
  try {
    await cluster.connect();
  } catch (e) {
    await cluster.disconnect().catch(() => undefined);
    throw toReadError(e);
  }
  const known = new Set<string>();
  // kafkajs decodes every record a fetch returns, so a fetch asks for about what is still wanted:
  // (records wanted) × (average record size seen on this topic so far).
  const recordBytes = new Map<string, number>();
  const sizeOf = (r: KafkaRecord) => RECORD_OVERHEAD_BYTES + (r.key?.length ?? 0) + (r.value?.length ?? 0) + r.headers.reduce((n, h) => n + h.key.length + (h.value?.length ?? 0), 0);
  function learn(topic: string, records: KafkaRecord[]) {
    if (!records.length) return;
    const avg = records.reduce((n, r) => n + sizeOf(r), 0) / records.length;
    const before = recordBytes.get(topic);
    recordBytes.set(topic, before === undefined ? avg : (before + avg) / 2);
  }

  async function ensureTopic(topic: string) {
    try {
      if (!known.has(topic)) {
        await cluster.addTargetTopic(topic);
        known.add(topic);
      }
      await cluster.refreshMetadataIfNecessary();
    } catch (e) {
      throw toReadError(e, topic);
    }
    const parts = cluster.findTopicPartitionMetadata(topic);
    if (!parts.length) throw new RecordReadError(`Topic "${topic}" does not exist on this cluster.`, "UNKNOWN_TOPIC");
    return parts;
  }

  /** Retries leader trouble (an election, a moved partition) a few times with fresh metadata. */
  async function withLeaderRetry<T>(topic: string, partition: number | undefined, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!isLeaderError(e) || attempt >= LEADER_RETRIES) throw toReadError(e, topic, partition);
        await sleep(150 * (attempt + 1));
        await cluster.refreshMetadata().catch(() => undefined);
      }
    }
  }

  async function listOffsets(topic: string, which: { fromBeginning: boolean } | { fromTimestamp: number }) {
    return withLeaderRetry(topic, undefined, async () => {
      const parts = await ensureTopic(topic);
      const leaderless = parts.find((p) => p.leader === null || p.leader === undefined || p.leader < 0);
      if (leaderless) throw new RecordReadError(`No leader is available for partition ${leaderless.partitionId} of topic "${topic}" just now; try again shortly.`, "NO_LEADER");
      const [res] = await cluster.fetchTopicsOffset([{ topic, partitions: parts.map((p) => ({ partition: p.partitionId })), ...which }]);
      return new Map((res?.partitions ?? []).map((p) => [p.partition, num(p.offset)]));
    });
  }

  async function bounds(topic: string): Promise<PartitionBounds[]> {
    const [start, end] = await Promise.all([listOffsets(topic, { fromBeginning: true }), listOffsets(topic, { fromBeginning: false })]);
    return [...end.keys()].sort((a, b) => a - b).map((partition) => ({ partition, start: start.get(partition) ?? 0, end: end.get(partition) ?? 0 }));
  }

  async function fetchOnce(topic: string, partition: number, offset: number, maxBytes: number): Promise<WirePartition> {
    return withLeaderRetry(topic, partition, async () => {
      const meta = (await ensureTopic(topic)).find((p) => p.partitionId === partition);
      if (!meta) throw new RecordReadError(`Topic "${topic}" has no partition ${partition}.`, "UNKNOWN_PARTITION");
      if (meta.leader === null || meta.leader === undefined || meta.leader < 0) throw new RecordReadError("no leader", "NO_LEADER");
      const broker = await cluster.findBroker({ nodeId: String(meta.leader) });
      const res = await broker.fetch({
        replicaId: -1,
        isolationLevel: READ_COMMITTED,
        // Existing records only: never wait for new ones.
        maxWaitTime: 0,
        minBytes: 1,
        maxBytes,
        topics: [{ topic, partitions: [{ partition, fetchOffset: String(offset), maxBytes }] }],
      });
      const part = res.responses.find((r) => r.topicName === topic)?.partitions.find((p) => p.partition === partition);
      if (!part) throw new RecordReadError(`The broker answered without partition ${partition} of topic "${topic}".`, "FAILED");
      return part;
    });
  }

  return {
    bounds,

    offsetForTime: async (topic, timeMs) => {
      const [at, end] = await Promise.all([listOffsets(topic, { fromTimestamp: timeMs }), listOffsets(topic, { fromBeginning: false })]);
      // Kafka answers -1 when no record is that recent.
      return new Map([...end].map(([p, e]) => [p, (at.get(p) ?? -1) < 0 ? e : at.get(p)!]));
    },

    async fetchPartition(topic, partition, fromOffset, toOffset, opts) {
      const out: KafkaRecord[] = [];
      let offset = Math.max(0, fromOffset);
      const ceiling = Math.min(Math.max(opts.maxBytes ?? DEFAULT_FETCH_BYTES, 1024), MAX_FETCH_BYTES);
      let grown = 0;
      while (offset < toOffset && out.length < opts.max && !opts.signal?.aborted) {
        const wanted = Math.min(opts.max - out.length, toOffset - offset);
        const estimate = Math.ceil(wanted * (recordBytes.get(topic) ?? FIRST_GUESS_RECORD_BYTES) * 1.2) + 4096;
        const bytes = grown || Math.min(ceiling, Math.max(MIN_FETCH_BYTES, estimate));
        let part: WirePartition;
        try {
          part = await fetchOnce(topic, partition, offset, bytes);
        } catch (e) {
          if (errName(e) !== "KafkaJSOffsetOutOfRange") throw toReadError(e, topic, partition);
          // Retention removed records since the caller read the bounds: go on from the new log start.
          const b = (await bounds(topic)).find((x) => x.partition === partition);
          if (b && offset < b.start) {
            offset = b.start;
            continue;
          }
          break;
        }
        const { records, nextOffset } = decodePartition(topic, part, offset);
        if (nextOffset <= offset) {
          const lso = num(part.lastStableOffset ?? "-1");
          const readableEnd = lso >= 0 ? lso : num(part.highWatermark);
          if (readableEnd <= offset) break; // the log end (or an open transaction) is reached
          // Nothing decoded although the log goes on: a batch cut off by the fetch size. Grow it.
          if (bytes < MAX_FETCH_BYTES) {
            grown = Math.min(bytes * 4, MAX_FETCH_BYTES);
            continue;
          }
          // Still nothing: what remains are batches compaction emptied (kafkajs decodes them to no
          // records and drops their offsets), so there is nothing left to show in this range.
          break;
        }
        learn(topic, records);
        grown = 0;
        for (const r of records) {
          if (r.offset >= toOffset || out.length >= opts.max) break;
          out.push(r);
        }
        offset = nextOffset;
      }
      return out;
    },

    async topics() {
      try {
        const { topicMetadata } = await cluster.metadata();
        return topicMetadata.map((t) => t.topic).sort();
      } catch (e) {
        throw toReadError(e);
      }
    },

    close: () => cluster.disconnect(),
  };
}
