import type { SpanRecord } from "@/server/otel/source";

/**
 * A span record for the trace store's tests: what the OTLP decoder would produce for a plain span
 * of `service` (default "svc") starting now and lasting 1 ms, with the given fields.
 */
export function spanRecord(p: Partial<SpanRecord> & Pick<SpanRecord, "traceId" | "spanId">): SpanRecord {
  const service = p.service ?? "svc";
  return {
    parentSpanId: null,
    name: "op",
    kind: 1,
    service,
    startNs: BigInt(Date.now()) * 1_000_000n,
    durationNs: 1_000_000n,
    statusCode: 0,
    statusMessage: null,
    topic: null,
    consumerGroup: null,
    partition: null,
    offset: null,
    attributes: {},
    resource: { "service.name": service },
    events: [],
    links: [],
    ...p,
  };
}
