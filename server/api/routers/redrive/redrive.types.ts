import { z } from "zod";
import { DEFAULT_MAX_REDRIVES } from "../../../observe/redrive";
import { MAX_CHOSEN_RECORDS, MAX_RATE_PER_SECOND, type RedriveView } from "../../../services/redrive";
import { recordFilter } from "../dlq/browse-dead-letters.types";

const offset = z.number().int().min(0);
const partition = z.number().int().min(0).max(100_000);
const topicName = z.string().trim().min(1, "Name the topic").max(249);

/** Back where each record came from (its x-original-topic header), or to one chosen topic. */
export const redriveTarget = z.discriminatedUnion("mode", [z.object({ mode: z.literal("original") }), z.object({ mode: z.literal("topic"), topic: topicName })]);

const rangeSelection = z.object({
  kind: z.literal("range"),
  /** Only these partitions, each optionally narrowed to offsets [from, to); every partition when absent. */
  partitions: z.array(z.object({ partition, from: offset.optional(), to: offset.optional() })).min(1).max(10_000).optional(),
  /** From the first record at or after this time (ms since the epoch). */
  fromTimeMs: z.number().int().min(0).optional(),
  /** Up to the first record at or after this time. */
  toTimeMs: z.number().int().min(0).optional(),
  filter: recordFilter.optional(),
});

/** Chosen records, or a range with an optional filter. */
export const redriveSelection = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("records"), records: z.array(z.object({ partition, offset })).min(1, "Choose at least one record").max(MAX_CHOSEN_RECORDS) }),
  rangeSelection,
]);

export const redriveIdInput = z.object({ id: z.string().min(1) });

const count = z.number().int().min(0);
const partitionProgress = z.object({ partition: z.number().int(), from: count, next: count, end: count });

export const redriveView = z.object({
  id: z.string(),
  clusterId: z.string(),
  flowId: z.string().nullable(),
  sourceTopic: z.string(),
  targetMode: z.enum(["original", "topic"]),
  targetTopic: z.string().nullable(),
  selection: z.discriminatedUnion("kind", [z.object({ kind: z.literal("records"), records: count }), rangeSelection]),
  ratePerSecond: z.number().int(),
  maxRedrives: z.number().int(),
  status: z.enum(["queued", "running", "retrying", "done", "failed", "cancelled"]),
  /** Records chosen, or offsets in the range: the progress bar's 100 %. */
  total: count,
  scanned: count,
  sent: count,
  /** Refused by the loop guard: redriven maxRedrives times already. */
  skippedLoop: count,
  /** No original topic to send them to. */
  skippedNoTarget: count,
  filteredOut: count,
  /** Records sent again that may have been written already. */
  duplicates: count,
  lastError: z.string().nullable(),
  fraction: z.number().min(0).max(1),
  etaMs: z.number().int().nullable(),
  partitions: z.array(partitionProgress),
  inFlight: z.object({ partition: z.number().int(), from: count, to: count }).nullable(),
  createdById: z.string().nullable(),
  cancelledById: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
}) satisfies z.ZodType<RedriveView>;

export const redriveDefaults = { ratePerSecond: 100, maxRedrives: DEFAULT_MAX_REDRIVES, maxRatePerSecond: MAX_RATE_PER_SECOND } as const;
