import "server-only";
import type { Db } from "../db/client";
import { openRecordReader } from "../kafka/records";
import { browseRecords, deadLetterTopics, isDeadLetterTopicName, type BrowseEvent, type BrowseOptions, type DeadLetterTopic } from "../observe/dlq";
import { clusterConfig } from "./clusters";
import { FlowError, getFlow } from "./flows";

// The DLQ browser: which dead-letter topics a flow's cluster has, and bounded reads of them,
// streamed as tagged events (the read itself is browseRecords in server/observe/dlq.ts). Reads
// never join a consumer group (server/kafka/records.ts).

export type { BrowseEvent, BrowseOptions } from "../observe/dlq";

export class DlqError extends Error {
  constructor(
    message: string,
    readonly code: "NOT_FOUND" | "BAD_REQUEST",
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------- listing

export interface DeadLetterTopicInfo extends DeadLetterTopic {
  /** Partitions on the cluster; null when the topic is not there or the cluster could not be read. */
  partitions: number | null;
  /** Records held: the sum over partitions of log end − log start (compaction gaps make it an upper bound). */
  depth: number | null;
}

export interface DeadLetterListing {
  flowId: string;
  clusterId: string | null;
  topics: DeadLetterTopicInfo[];
  /** Why the cluster's topics are missing (unreachable…); null when it was read. */
  error: string | null;
}

const flowNotFound = (e: unknown) => {
  if (e instanceof FlowError && e.code === "NOT_FOUND") throw new DlqError(e.message, "NOT_FOUND");
  throw e;
};

async function designedDlqNames(prisma: Db, flowId: string) {
  const flow = await getFlow(prisma, flowId).catch(flowNotFound);
  return { clusterId: flow.clusterId, names: flow.doc.nodes.filter((n) => n.kind === "dlq").map((n) => n.name) };
}

/** The flow's designed DLQs and its cluster's topics named like DLQs, with partitions and depth. */
export async function listDeadLetterTopics(prisma: Db, flowId: string): Promise<DeadLetterListing> {
  const { clusterId, names } = await designedDlqNames(prisma, flowId);
  const offline = (error: string | null): DeadLetterListing => ({
    flowId,
    clusterId,
    topics: deadLetterTopics(names, []).map((t) => ({ ...t, onCluster: false, partitions: null, depth: null })),
    error,
  });
  if (!clusterId) return offline(null);
  const cfg = await clusterConfig(prisma, clusterId);
  let reader;
  try {
    reader = await openRecordReader(cfg);
  } catch (e) {
    return offline((e as Error).message);
  }
  try {
    const listed = deadLetterTopics(names, await reader.topics());
    const topics = await Promise.all(
      listed.map(async (t): Promise<DeadLetterTopicInfo> => {
        if (!t.onCluster) return { ...t, partitions: null, depth: null };
        const b = await reader.bounds(t.topic).catch(() => null);
        return { ...t, partitions: b?.length ?? null, depth: b ? b.reduce((n, p) => n + Math.max(0, p.end - p.start), 0) : null };
      }),
    );
    return { flowId, clusterId, topics, error: null };
  } catch (e) {
    return offline((e as Error).message);
  } finally {
    await reader.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- browsing

export interface BrowseInput extends BrowseOptions {
  clusterId: string;
  /** Lets a designed DLQ of this flow be browsed whatever its name. */
  flowId?: string;
}

/**
 * Refuses topics that are neither a designed DLQ of the (linked) flow nor named like a DLQ: browsing
 * or redriving any topic is another feature. `use` finishes the refusal ("browsed", "redriven").
 */
export async function assertDeadLetterTopic(prisma: Db, input: { clusterId: string; flowId?: string | null; topic: string }, use: string) {
  if (input.flowId) {
    const { clusterId, names } = await designedDlqNames(prisma, input.flowId);
    if (clusterId !== input.clusterId) throw new DlqError("That flow is not linked to this cluster.", "BAD_REQUEST");
    if (names.includes(input.topic)) return;
  }
  if (!isDeadLetterTopicName(input.topic)) {
    throw new DlqError(`"${input.topic}" is not a dead-letter queue: only a flow's designed DLQs and topics named *.dlq, *-dlq or *.DLT can be ${use} here.`, "BAD_REQUEST");
  }
}

/**
 * Reads a DLQ within bounds and streams what it finds. Refusals (unknown cluster or flow, a topic
 * that is not a DLQ) throw a DlqError or ClusterError before anything is read; failures while
 * reading (unknown topic, unreachable cluster) end the stream with an `error` event.
 */
export async function* browseDeadLetters(prisma: Db, input: BrowseInput): AsyncGenerator<BrowseEvent> {
  await assertDeadLetterTopic(prisma, input, "browsed");
  const cfg = await clusterConfig(prisma, input.clusterId);
  let reader;
  try {
    reader = await openRecordReader(cfg);
  } catch (e) {
    yield { type: "error", message: (e as Error).message };
    return;
  }
  try {
    yield* browseRecords(reader, input);
  } finally {
    await reader.close().catch(() => undefined);
  }
}

