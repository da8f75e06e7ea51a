import { z } from "zod";
import type { AttributeValue, SpanRecord, TraceSummary } from "../../../otel/source";

// Shared zod shapes of span data as the traces procedures answer it (superjson carries bigint).

export const attributeValue: z.ZodType<AttributeValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(attributeValue), z.record(z.string(), attributeValue)]),
);
export const attributes = z.record(z.string(), attributeValue);

const hexId = (length: number) => z.string().length(length);

export const spanRef = z.object({ traceId: hexId(32), spanId: hexId(16) });

export const spanRecord = z.object({
  traceId: hexId(32),
  spanId: hexId(16),
  parentSpanId: z.string().nullable(),
  name: z.string(),
  kind: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  service: z.string(),
  startNs: z.bigint(),
  durationNs: z.bigint(),
  statusCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  statusMessage: z.string().nullable(),
  topic: z.string().nullable(),
  consumerGroup: z.string().nullable(),
  partition: z.number().int().nullable(),
  offset: z.number().int().nullable(),
  attributes,
  resource: attributes,
  events: z.array(z.object({ timeNs: z.bigint(), name: z.string(), attributes })),
  links: z.array(z.object({ traceId: z.string(), spanId: z.string(), attributes })),
}) satisfies z.ZodType<SpanRecord>;

export const traceSummary = z.object({
  traceId: z.string(),
  rootService: z.string(),
  rootName: z.string(),
  startMs: z.number(),
  durationMs: z.number(),
  spanCount: z.number().int(),
  errorCount: z.number().int(),
  services: z.array(z.string()),
  topics: z.array(z.string()),
}) satisfies z.ZodType<TraceSummary>;

export const messaging = z.object({
  topic: z.string().nullable(),
  consumerGroup: z.string().nullable(),
  partition: z.number().int().nullable(),
  offset: z.number().int().nullable(),
});
