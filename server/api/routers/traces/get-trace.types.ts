import { z } from "zod";
import { messaging, spanRecord, spanRef } from "./traces.types";

export const getTraceRequest = z.object({ traceId: z.string().trim().length(32, "A trace id is 32 hexadecimal characters") });

export const waterfallRow = z.object({
  key: z.string(),
  span: spanRecord,
  depth: z.number().int().min(0),
  parentKey: z.string().nullable(),
  offsetNs: z.bigint(),
  offsetMs: z.number(),
  durationMs: z.number(),
  linked: z.boolean(),
  linkedFrom: spanRef.nullable(),
  orphan: z.boolean(),
  otherTrace: z.boolean(),
  error: z.boolean(),
  messaging,
});

export const getTraceResponse = z.object({
  traceId: z.string(),
  traceIds: z.array(z.string()),
  startNs: z.bigint(),
  durationNs: z.bigint(),
  durationMs: z.number(),
  rows: z.array(waterfallRow),
  spanCount: z.number().int(),
  errorCount: z.number().int(),
  services: z.array(z.string()),
  source: z.string(),
  linkedTracesOmitted: z.number().int(),
  spansOmitted: z.number().int(),
});
