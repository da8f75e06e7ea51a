// Trace assembly, pure: a trace's spans (plus the spans of traces joined to it by span links)
// become waterfall rows in tree order, and producer → consumer pairs become publish→consume
// latencies for the design's overlay. A consumer that starts its own trace and links to the
// producer's span (instrumentation-kafkajs's eachBatch, most batch consumers) is placed under that
// producer span, so one waterfall shows a message from publish to consume.

/**
 * What assembly reads of a span: structurally server/otel/source.ts's SpanRecord, restated here so
 * that server/observe depends on no adapter. Rows carry the caller's full span type through.
 */
export interface TraceSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** OTLP SpanKind: 4 producer, 5 consumer. */
  kind: number;
  service: string;
  startNs: bigint;
  durationNs: bigint;
  /** 2 is error. */
  statusCode: number;
  /** The messaging fields, read by the source from the current and the older attribute names. */
  topic: string | null;
  consumerGroup: string | null;
  partition: number | null;
  offset: number | null;
  links: readonly { traceId: string; spanId: string }[];
}

export interface MessagingFields {
  topic: string | null;
  consumerGroup: string | null;
  partition: number | null;
  offset: number | null;
}

const PRODUCER = 4;
const CONSUMER = 5;
const NS_PER_MS = 1_000_000n;

export interface SpanRef {
  traceId: string;
  spanId: string;
}

export interface WaterfallRow<S extends TraceSpan = TraceSpan> {
  /** traceId:spanId, unique in the waterfall. */
  key: string;
  span: S;
  depth: number;
  /** The row this one is drawn under (its parent, or the span it links to); null at the top level. */
  parentKey: string | null;
  /** Start relative to the earliest span of the waterfall. */
  offsetNs: bigint;
  offsetMs: number;
  durationMs: number;
  /** Placed under `linkedFrom` because of a span link, not a parent. */
  linked: boolean;
  linkedFrom: SpanRef | null;
  /** Its parent span is not in the waterfall (not received, or in a trace not fetched): kept at the top level. */
  orphan: boolean;
  /** Comes from another trace than the one asked for. */
  otherTrace: boolean;
  error: boolean;
  messaging: MessagingFields;
}

export interface Waterfall<S extends TraceSpan = TraceSpan> {
  traceId: string;
  /** The trace asked for first, then the linked traces whose spans are shown. */
  traceIds: string[];
  startNs: bigint;
  durationNs: bigint;
  durationMs: number;
  rows: WaterfallRow<S>[];
  spanCount: number;
  errorCount: number;
  services: string[];
}

export const spanKey = (s: SpanRef) => `${s.traceId}:${s.spanId}`;
const nsToMs = (ns: bigint) => Number(ns) / 1e6;
const endOf = (s: TraceSpan) => s.startNs + s.durationNs;

export const spanMessaging = (s: TraceSpan): MessagingFields => ({ topic: s.topic, consumerGroup: s.consumerGroup, partition: s.partition, offset: s.offset });

function byStart(a: TraceSpan, b: TraceSpan): number {
  if (a.startNs !== b.startNs) return a.startNs < b.startNs ? -1 : 1;
  if (a.traceId !== b.traceId) return a.traceId < b.traceId ? -1 : 1;
  return a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0;
}

/** One copy of each span (sources may return a span twice when traces overlap). */
function unique<S extends TraceSpan>(spans: readonly S[]): Map<string, S> {
  const out = new Map<string, S>();
  for (const s of spans) if (!out.has(spanKey(s))) out.set(spanKey(s), s);
  return out;
}

/** The span a link-less root should hang under: a linked producer span present here, else any linked span present. */
function linkTarget<S extends TraceSpan>(span: S, present: Map<string, S>): S | null {
  let fallback: S | null = null;
  for (const l of span.links) {
    const target = present.get(spanKey(l));
    if (!target || target === span) continue;
    if (target.kind === PRODUCER) return target;
    fallback ??= target;
  }
  return fallback;
}

/**
 * The waterfall of `traceId`, from its spans and those of linked traces. Rows are in tree order:
 * each span, then its children by start time. A span whose parent is here goes under it; a span
 * without one (a root, or a span whose parent is missing) that links to a span here goes under that
 * span, marked linked; anything else stays at the top level, marked orphan when it names a parent.
 */
export function buildWaterfall<S extends TraceSpan>(traceId: string, spans: readonly S[]): Waterfall<S> {
  const present = unique(spans);
  const all = [...present.values()].sort(byStart);
  const placedUnder = new Map<string, { parent: string; linked: boolean }>();
  for (const s of all) {
    const parent = s.parentSpanId ? present.get(spanKey({ traceId: s.traceId, spanId: s.parentSpanId })) : undefined;
    if (parent && parent !== s) {
      placedUnder.set(spanKey(s), { parent: spanKey(parent), linked: false });
      continue;
    }
    const target = linkTarget(s, present);
    if (target) placedUnder.set(spanKey(s), { parent: spanKey(target), linked: true });
  }

  const children = new Map<string, S[]>();
  for (const s of all) {
    const p = placedUnder.get(spanKey(s));
    if (!p) continue;
    const list = children.get(p.parent) ?? [];
    list.push(s);
    children.set(p.parent, list);
  }

  const startNs = all.length ? all[0]!.startNs : 0n;
  const endNs = all.reduce((m, s) => (endOf(s) > m ? endOf(s) : m), startNs);
  const rows: WaterfallRow<S>[] = [];
  const visited = new Set<string>();

  function visit(s: S, depth: number, parentKey: string | null) {
    const key = spanKey(s);
    visited.add(key);
    const p = parentKey === null ? undefined : placedUnder.get(key);
    const linked = !!p?.linked;
    const target = linked ? present.get(p!.parent)! : null;
    const offsetNs = s.startNs - startNs;
    rows.push({
      key,
      span: s,
      depth,
      parentKey,
      offsetNs,
      offsetMs: nsToMs(offsetNs),
      durationMs: nsToMs(s.durationNs),
      linked,
      linkedFrom: target ? { traceId: target.traceId, spanId: target.spanId } : null,
      orphan: parentKey === null && !!s.parentSpanId,
      otherTrace: s.traceId !== traceId,
      error: s.statusCode === 2,
      messaging: spanMessaging(s),
    });
    for (const c of children.get(key) ?? []) if (!visited.has(spanKey(c))) visit(c, depth + 1, key);
  }

  for (const s of all) if (!placedUnder.has(spanKey(s))) visit(s, 0, null);
  // Whatever is left sits on a cycle of parents or links (bad data): the earliest of each cycle goes to the top level.
  for (const s of all) if (!visited.has(spanKey(s))) visit(s, 0, null);

  const traceIds = [traceId, ...new Set(all.map((s) => s.traceId).filter((t) => t !== traceId))];
  return {
    traceId,
    traceIds,
    startNs,
    durationNs: endNs - startNs,
    durationMs: nsToMs(endNs - startNs),
    rows,
    spanCount: rows.length,
    errorCount: rows.filter((r) => r.error).length,
    services: [...new Set(all.map((s) => s.service))].sort(),
  };
}

// ---------------------------------------------------------------- publish → consume latency

export interface PublishConsume {
  producer: SpanRef & { service: string };
  consumer: SpanRef & { service: string; consumerGroup: string | null };
  topic: string | null;
  /** Consumer start − producer start; 0 when clocks disagree so much that it comes out negative. */
  latencyMs: number;
  /** When the consumer started, ms since the epoch. */
  consumedAtMs: number;
  via: "link" | "parent";
}

/** Producer (kind 4) → consumer (kind 5) pairs among the spans, joined by the consumer's parent or one of its links. */
export function publishConsumeLatencies(spans: readonly TraceSpan[]): PublishConsume[] {
  const present = unique(spans);
  const out: PublishConsume[] = [];
  for (const c of present.values()) {
    if (c.kind !== CONSUMER) continue;
    const joined: { p: TraceSpan; via: "link" | "parent" }[] = [];
    const parent = c.parentSpanId ? present.get(spanKey({ traceId: c.traceId, spanId: c.parentSpanId })) : undefined;
    if (parent?.kind === PRODUCER) joined.push({ p: parent, via: "parent" });
    for (const l of c.links) {
      const p = present.get(spanKey(l));
      if (p?.kind === PRODUCER && !joined.some((j) => j.p === p)) joined.push({ p, via: "link" });
    }
    const cm = spanMessaging(c);
    for (const { p, via } of joined) {
      const latencyNs = c.startNs - p.startNs;
      out.push({
        producer: { traceId: p.traceId, spanId: p.spanId, service: p.service },
        consumer: { traceId: c.traceId, spanId: c.spanId, service: c.service, consumerGroup: cm.consumerGroup },
        topic: cm.topic ?? spanMessaging(p).topic,
        latencyMs: latencyNs > 0n ? nsToMs(latencyNs) : 0,
        consumedAtMs: Number(c.startNs / NS_PER_MS),
        via,
      });
    }
  }
  return out.sort((a, b) => a.consumedAtMs - b.consumedAtMs);
}

export interface LatencyStats {
  producerService: string;
  topic: string | null;
  consumerService: string;
  count: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of sorted values: the smallest value with at least p of them at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/**
 * p50 and p95 of publish→consume latency per (producer service, topic, consumer service),
 * over pairs consumed within the window when one is given. Sorted by producer, topic, consumer.
 */
export function latencyStats(pairs: readonly PublishConsume[], window?: { fromMs: number; toMs: number }): LatencyStats[] {
  const groups = new Map<string, { producerService: string; topic: string | null; consumerService: string; values: number[] }>();
  for (const p of pairs) {
    if (window && (p.consumedAtMs < window.fromMs || p.consumedAtMs > window.toMs)) continue;
    const key = JSON.stringify([p.producer.service, p.topic, p.consumer.service]);
    const g = groups.get(key) ?? { producerService: p.producer.service, topic: p.topic, consumerService: p.consumer.service, values: [] };
    g.values.push(p.latencyMs);
    groups.set(key, g);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...groups.values()]
    .map(({ values, ...g }) => {
      const sorted = values.sort((a, b) => a - b);
      return { ...g, count: sorted.length, p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), maxMs: sorted[sorted.length - 1]! };
    })
    .sort((a, b) => cmp(a.producerService, b.producerService) || cmp(a.topic ?? "", b.topic ?? "") || cmp(a.consumerService, b.consumerService));
}

// ---------------------------------------------------------------- traceparent

/**
 * The trace and span ids of a W3C `traceparent` header value (`00-<32 hex>-<16 hex>-<2 hex>`),
 * or null when it is not one. All-zero ids are invalid per the spec.
 */
export function parseTraceparent(value: string): SpanRef | null {
  const parts = value.trim().split("-");
  if (parts.length < 4) return null;
  const [version, traceId, spanId, flags] = parts as [string, string, string, string];
  if (version.length !== 2 || !isHex(version) || version.toLowerCase() === "ff") return null;
  // Version 00 has exactly four fields; later versions may append more.
  if (version === "00" && parts.length !== 4) return null;
  if (traceId.length !== 32 || !isHex(traceId) || /^0+$/.test(traceId)) return null;
  if (spanId.length !== 16 || !isHex(spanId) || /^0+$/.test(spanId)) return null;
  if (flags.length !== 2 || !isHex(flags)) return null;
  return { traceId: traceId.toLowerCase(), spanId: spanId.toLowerCase() };
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return s.length > 0;
}

/** A lowercase 32-hex-character trace id. */
export function isTraceId(s: string): boolean {
  return s.length === 32 && isHex(s) && s === s.toLowerCase();
}
