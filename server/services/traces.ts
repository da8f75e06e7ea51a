import "server-only";
import type { Db } from "../db/client";
import { openRecordReader, RecordReadError } from "../kafka/records";
import { toRecordView, type RecordView } from "../observe/dlq";
import { edgeLatencies, type EdgeLatency } from "../observe/trace-overlay";
import { buildWaterfall, isTraceId, publishConsumeLatencies, type Waterfall } from "../observe/traces";
import { designedTopics } from "../observe/overlay";
import { messagingFields } from "../otel/messaging";
import type { SpanRecord, TraceQuery, TraceSource, TraceSummary } from "../otel/source";
import { env } from "../env";
import { jaegerTraceSource } from "../otel/jaeger";
import { mapLimit } from "../otel/remote-source";
import { tempoTraceSource } from "../otel/tempo";
import { clusterConfig } from "./clusters";
import { getFlow } from "./flows";
import { builtInTraceSource } from "./traces-store";

// Traces: search, and one trace stitched to the traces its span links join it to (a consumer's
// trace links to its producer's), from whichever source is configured. Also the trace → record
// jump: the one record a messaging span names by topic, partition and offset.

export class TraceError extends Error {
  constructor(
    message: string,
    readonly code: "NOT_FOUND" | "BAD_REQUEST",
  ) {
    super(message);
  }
}

/** At most this many linked traces are fetched for one waterfall. */
export const MAX_LINKED_TRACES = 20;
/** At most this many spans are drawn in one waterfall (the earliest ones). */
export const MAX_WATERFALL_SPANS = 5000;
/** Linked traces fetched at once. */
const FETCH_CONCURRENCY = 4;

/** The configured trace source: Jaeger or Tempo when their URL is set, else the built-in store. */
export function traceSource(prisma: Db): TraceSource {
  const e = env();
  if (e.FLOWLENS_TRACES_JAEGER_URL) return jaegerTraceSource(e.FLOWLENS_TRACES_JAEGER_URL);
  if (e.FLOWLENS_TRACES_TEMPO_URL) return tempoTraceSource(e.FLOWLENS_TRACES_TEMPO_URL);
  return builtInTraceSource(prisma);
}

export interface TraceSearchResult {
  source: string;
  traces: TraceSummary[];
}

export async function searchTraces(prisma: Db, query: TraceQuery): Promise<TraceSearchResult> {
  const source = traceSource(prisma);
  const traces = await source.search(query);
  return { source: source.kind, traces: [...traces].sort((a, b) => b.startMs - a.startMs) };
}

export interface StitchedTrace extends Waterfall<SpanRecord> {
  source: string;
  /** Linked traces left out: beyond MAX_LINKED_TRACES. */
  linkedTracesOmitted: number;
  /** Spans left out: beyond MAX_WATERFALL_SPANS. */
  spansOmitted: number;
}

/** The span with any messaging field its source left empty read from its attributes (current and older names). */
export function withMessaging(span: SpanRecord): SpanRecord {
  if (span.topic !== null && span.consumerGroup !== null && span.partition !== null && span.offset !== null) return span;
  const m = messagingFields(span.attributes);
  return { ...span, topic: span.topic ?? m.topic, consumerGroup: span.consumerGroup ?? m.consumerGroup, partition: span.partition ?? m.partition, offset: span.offset ?? m.offset };
}

/**
 * One trace and the traces linked to it, one hop in either direction (bounded), as a waterfall;
 * null when the source has no such trace.
 */
export async function stitchTrace(source: TraceSource, traceId: string): Promise<StitchedTrace | null> {
  const id = traceId.toLowerCase();
  if (!isTraceId(id)) throw new TraceError("A trace id is 32 hexadecimal characters.", "BAD_REQUEST");
  const own = await source.getTrace(id);
  if (!own.length) return null;
  // The source's answer (both directions) and the links in the trace itself (toward producers).
  const linked = new Set<string>();
  for (const t of await source.linkedTraceIds(id)) linked.add(t.toLowerCase());
  for (const s of own) for (const l of s.links) linked.add(l.traceId.toLowerCase());
  linked.delete(id);
  const ids = [...linked].filter(isTraceId).sort();
  const fetched = ids.slice(0, MAX_LINKED_TRACES);
  const others = await mapLimit(fetched, FETCH_CONCURRENCY, (t) => source.getTrace(t).catch((): SpanRecord[] => []));
  let spans = [...own, ...others.flat()];
  let spansOmitted = 0;
  if (spans.length > MAX_WATERFALL_SPANS) {
    // Keep the asked-for trace first, then the earliest spans of the linked ones.
    const rest = others.flat().sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
    const kept = [...own.slice(0, MAX_WATERFALL_SPANS), ...rest].slice(0, MAX_WATERFALL_SPANS);
    spansOmitted = spans.length - kept.length;
    spans = kept;
  }
  return { ...buildWaterfall(id, spans.map(withMessaging)), source: source.kind, linkedTracesOmitted: ids.length - fetched.length, spansOmitted };
}

export function getStitchedTrace(prisma: Db, traceId: string): Promise<StitchedTrace | null> {
  return stitchTrace(traceSource(prisma), traceId);
}

// ---------------------------------------------------------------- trace → record

export interface RecordAddress {
  clusterId: string;
  topic: string;
  partition: number;
  offset: number;
}

/** The record at one offset, read without a consumer group; a TraceError saying why when there is none. */
export async function getRecordAt(prisma: Db, at: RecordAddress): Promise<RecordView> {
  const cfg = await clusterConfig(prisma, at.clusterId);
  const reader = await openRecordReader(cfg);
  try {
    const bounds = (await reader.bounds(at.topic)).find((b) => b.partition === at.partition);
    if (!bounds) throw new TraceError(`Topic "${at.topic}" has no partition ${at.partition}.`, "NOT_FOUND");
    const where = `offset ${at.offset} of partition ${at.partition} of "${at.topic}"`;
    if (at.offset >= bounds.end) throw new TraceError(`There is no record at ${where} yet: the partition ends at offset ${bounds.end}.`, "NOT_FOUND");
    if (at.offset < bounds.start) {
      throw new TraceError(`There is no record at ${where} any more: retention removed it (the partition now starts at offset ${bounds.start}).`, "NOT_FOUND");
    }
    const [record] = await reader.fetchPartition(at.topic, at.partition, at.offset, at.offset + 1, { max: 1 });
    if (!record || record.offset !== at.offset) {
      throw new TraceError(`There is no record at ${where}: retention or compaction removed it, or it belonged to an aborted transaction.`, "NOT_FOUND");
    }
    return toRecordView(record);
  } catch (e) {
    if (e instanceof RecordReadError && (e.code === "UNKNOWN_TOPIC" || e.code === "UNKNOWN_PARTITION")) throw new TraceError(e.message, "NOT_FOUND");
    throw e;
  } finally {
    await reader.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- traces on the design

/** Traces read per flow overlay refresh: enough for p50/p95, bounded so one refresh stays cheap. */
export const MAX_OVERLAY_TRACES = 100;

export interface FlowLatencies {
  source: string;
  fromMs: number;
  toMs: number;
  /** Traces read; fewer than found when MAX_OVERLAY_TRACES cut the list. */
  traces: number;
  /** Consuming edge id → publish→consume latency over the window. */
  edges: Record<string, EdgeLatency>;
}

/**
 * Publish→consume latency on each consuming edge of a flow over the last `minutes`: the traces
 * that touched the flow's topics (newest first, bounded), their producer→consumer pairs joined by
 * span links or parents, grouped by the edge's topic and consuming application.
 */
export async function flowLatencies(prisma: Db, flowId: string, minutes: number): Promise<FlowLatencies> {
  const flow = await getFlow(prisma, flowId);
  const source = traceSource(prisma);
  const toMs = Date.now();
  const fromMs = toMs - minutes * 60_000;
  const topics = designedTopics(flow.doc);
  const found = await mapLimit(topics, FETCH_CONCURRENCY, (topic) => source.search({ topic, fromMs, toMs, limit: MAX_OVERLAY_TRACES }).catch((): TraceSummary[] => []));
  const ids = [...new Set(found.flat().sort((a, b) => b.startMs - a.startMs).map((t) => t.traceId))].slice(0, MAX_OVERLAY_TRACES);
  const spans = (await mapLimit(ids, FETCH_CONCURRENCY, (id) => source.getTrace(id).catch((): SpanRecord[] => []))).flat().map(withMessaging);
  return { source: source.kind, fromMs, toMs, traces: ids.length, edges: edgeLatencies(flow.doc, publishConsumeLatencies(spans), { fromMs, toMs }) };
}
