// Where traces come from: the built-in store (spans received on /v1/traces) or an existing Jaeger
// or Tempo. Every source answers in these plain types, so search, the waterfall and the drawing on
// the design do not care which one is configured. Pure: types and no I/O.

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

/** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
export type SpanKind = 0 | 1 | 2 | 3 | 4 | 5;
/** OTLP status code: 0 unset, 1 ok, 2 error. */
export type StatusCode = 0 | 1 | 2;

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

export interface SpanEvent {
  /** Nanoseconds since the epoch. */
  timeNs: bigint;
  name: string;
  attributes: Attributes;
}

/**
 * One span, as every source returns it. Ids are lowercase hex (trace 32, span 16 characters).
 * The messaging fields are read from the current and the older OTel attribute names when the span
 * is stored or fetched (see server/otel/messaging.ts).
 */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  /** The resource's service.name ("unknown_service" when absent). */
  service: string;
  /** Nanoseconds since the epoch. */
  startNs: bigint;
  durationNs: bigint;
  statusCode: StatusCode;
  statusMessage: string | null;
  /** messaging.destination.name */
  topic: string | null;
  /** messaging.consumer.group.name or messaging.kafka.consumer.group */
  consumerGroup: string | null;
  /** messaging.destination.partition.id */
  partition: number | null;
  /** messaging.kafka.offset or messaging.kafka.message.offset */
  offset: number | null;
  attributes: Attributes;
  resource: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
}

export interface TraceQuery {
  service?: string;
  topic?: string;
  consumerGroup?: string;
  /** Traces whose longest span lasts at least this long. */
  minDurationMs?: number;
  errorsOnly?: boolean;
  fromMs: number;
  toMs: number;
  /** Default 20, at most 200. */
  limit?: number;
}

export interface TraceSummary {
  traceId: string;
  /** The earliest span's service and name (the root, when it was received). */
  rootService: string;
  rootName: string;
  startMs: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
  topics: string[];
}

export interface TraceSource {
  /** "built-in", "jaeger" or "tempo", for the UI. */
  readonly kind: string;
  /** Newest first. */
  search(query: TraceQuery): Promise<TraceSummary[]>;
  /** Every span of one trace; empty when there is no such trace. */
  getTrace(traceId: string): Promise<SpanRecord[]>;
  /**
   * Trace ids joined to this one by span links in either direction (a consumer's trace links to
   * its producer's). Sources that cannot tell answer with the links found in the trace itself.
   */
  linkedTraceIds(traceId: string): Promise<string[]>;
}
