import { z } from "zod";
import { MAX_RECORDS, type BrowseEvent } from "../../../observe/dlq";

/** An offset, or a time (ms since the epoch): the first record at or after it. */
export const rangePoint = z.union([z.object({ offset: z.number().int().min(0) }), z.object({ timeMs: z.number().int().min(0) })]);

const text = z.string().max(1000);
const textMatch = z.object({ equals: text.optional(), contains: text.optional() });

/** Plain strings, compared as strings: nothing here ever becomes a regex. */
export const recordFilter = z.object({
  key: textMatch.optional(),
  /** Each must match a header of that name; with neither equals nor contains, the header must be there. */
  header: z.array(textMatch.extend({ name: z.string().min(1).max(255) })).max(20).optional(),
  /** Substring of the value as sent. */
  valueContains: text.min(1).optional(),
  /** The x-error-class header, compared whole. */
  errorClass: text.min(1).optional(),
  caseInsensitive: z.boolean().optional(),
});

export const browseDeadLettersRequest = z.object({
  clusterId: z.string().min(1),
  /** Lets a designed DLQ of this flow be browsed whatever its name. */
  flowId: z.string().min(1).optional(),
  topic: z.string().min(1).max(249),
  /** Only these partitions; all when absent. */
  partitions: z.array(z.number().int().min(0)).min(1).max(10_000).optional(),
  /** Inclusive start. */
  from: rangePoint.optional(),
  /** Exclusive end. */
  to: rangePoint.optional(),
  max: z.number().int().min(1).max(MAX_RECORDS).default(100),
  newestFirst: z.boolean().default(false),
  filter: recordFilter.optional(),
});

const textView = z.object({ kind: z.literal("text"), text: z.string(), bytes: z.number().int(), truncated: z.boolean() });
const binaryView = z.object({ kind: z.literal("binary"), hex: z.string(), base64: z.string(), bytes: z.number().int(), truncated: z.boolean() });
const jsonView = z.object({ kind: z.literal("json"), text: z.string(), bytes: z.number().int(), truncated: z.literal(false) });
export const payloadView = z.discriminatedUnion("kind", [jsonView, textView, binaryView]);

export const recordView = z.object({
  topic: z.string(),
  partition: z.number().int(),
  offset: z.number().int(),
  timestampMs: z.number().int(),
  key: payloadView.nullable(),
  value: payloadView.nullable(),
  headers: z.array(z.object({ key: z.string(), value: z.discriminatedUnion("kind", [textView, binaryView]).nullable() })),
  deadLetter: z
    .object({
      originalTopic: z.string().nullable(),
      originalPartition: z.number().int().nullable(),
      originalOffset: z.number().int().nullable(),
      errorClass: z.string().nullable(),
      errorMessage: z.string().nullable(),
      attempts: z.number().int().nullable(),
      failedAt: z.string().nullable(),
      redriveCount: z.number().int(),
    })
    .nullable(),
});

const count = z.number().int().min(0);

/** What the browse subscription streams: progress, pages of records, then done or error. */
export const browseDeadLettersEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("progress"),
    scanned: count,
    matched: count,
    partitions: z.array(z.object({ partition: z.number().int(), from: count, to: count, position: count, done: z.boolean() })),
  }),
  z.object({ type: z.literal("data"), records: z.array(recordView) }),
  z.object({
    type: z.literal("done"),
    scanned: count,
    matched: count,
    /** The scan limit stopped the read while records remained: there may be more matches. */
    truncated: z.boolean(),
    reason: z.enum(["max", "scan-limit", "end", "aborted"]),
  }),
  z.object({ type: z.literal("error"), message: z.string() }),
]) satisfies z.ZodType<BrowseEvent>;
