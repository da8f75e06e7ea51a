// Traces from an existing Jaeger, over its query service's HTTP API (the one Jaeger UI uses, port
// 16686): GET /api/services, GET /api/traces?service=…, GET /api/traces/{id}. Wire shapes are
// Jaeger's model/json (jaegertracing/jaeger model/json/model.go; the query handler's answers are
// `{ data, total, limit, offset, errors }`, see cmd/query/app/http_handler.go and query_parser.go).
//
// Search, as Jaeger allows it:
// - Jaeger cannot search without a service. With none chosen we ask /api/services and search the
//   first MAX_SERVICES_SEARCHED of them (alphabetically), SERVICE_CONCURRENCY at a time, and merge.
//   Beyond that many services the user should pick one; the limit keeps a search bounded.
// - Topic and consumer group go to Jaeger as `tags` (a JSON map, one exact key per request). Each
//   has a current and an older attribute name (messaging.ts), so we send one request per name and
//   merge: a consumer instrumented with messaging.kafka.consumer.group is found as well as one
//   using messaging.consumer.group.name. "Errors only" sends {"error":"true"}, the tag Jaeger sets
//   on spans whose OTel status is ERROR.
// - Every returned trace is then checked again here (traceMatches): the older names, errors from
//   `otel.status_code`, and the minimum duration as "some span lasts at least this long".
import "server-only";
import { z } from "zod";
import { MESSAGING_ATTRIBUTES, messagingFields } from "./messaging";
import {
  clampLimit,
  getJson,
  linkedFromSpans,
  mapLimit,
  newestFirst,
  normalizeHexId,
  remoteBase,
  remoteUrl,
  summarizeTrace,
  traceMatches,
  TraceSourceError,
  type RemoteBase,
  type RemoteSourceOptions,
} from "./remote-source";
import type { Attributes, AttributeValue, SpanKind, SpanLink, SpanRecord, StatusCode, TraceQuery, TraceSource, TraceSummary } from "./source";

export { TraceSourceError } from "./remote-source";

/** Services searched when the query names none. */
export const MAX_SERVICES_SEARCHED = 20;
/** Requests in flight at once against one Jaeger. */
export const SERVICE_CONCURRENCY = 4;

const keyValue = z.object({ key: z.string(), type: z.string().optional(), value: z.unknown() });
const reference = z.object({ refType: z.string(), traceID: z.string(), spanID: z.string() });
const processSchema = z.object({ serviceName: z.string().optional(), tags: z.array(keyValue).nullish() });
const micros = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const spanSchema = z.object({
  traceID: z.string(),
  spanID: z.string(),
  operationName: z.string().nullish(),
  references: z.array(reference).nullish(),
  startTime: micros,
  duration: micros,
  tags: z.array(keyValue).nullish(),
  logs: z.array(z.object({ timestamp: micros, fields: z.array(keyValue).nullish() })).nullish(),
  processID: z.string().nullish(),
  process: processSchema.nullish(),
});
const traceSchema = z.object({
  traceID: z.string().optional(),
  spans: z.array(spanSchema).nullish(),
  processes: z.record(z.string(), processSchema).nullish(),
});
const errorsSchema = z.array(z.object({ code: z.number().optional(), msg: z.string().optional() })).nullish();
const tracesResponse = z.object({ data: z.array(traceSchema).nullish(), errors: errorsSchema });
const servicesResponse = z.object({ data: z.array(z.string()).nullish(), errors: errorsSchema });

type JaegerKeyValue = z.infer<typeof keyValue>;

const SPAN_KINDS: Record<string, SpanKind> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
/** Tags Jaeger derives from OTLP fields that SpanRecord carries as fields of its own. */
const DERIVED_TAGS = new Set(["span.kind", "otel.status_code", "otel.status_description", "error"]);

function tagValue(kv: JaegerKeyValue): AttributeValue {
  const v = kv.value;
  switch (kv.type) {
    case "bool":
      return v === true || v === "true";
    case "int64":
    case "float64":
      return typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : String(v);
    default:
      // "string", and "binary" (base64 text) kept as the string Jaeger sent.
      return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : v === null || v === undefined ? null : JSON.stringify(v);
  }
}

function tagsToAttributes(tags: readonly JaegerKeyValue[] | null | undefined, skip?: Set<string>): Attributes {
  const out: Attributes = {};
  for (const kv of tags ?? []) if (!skip?.has(kv.key)) out[kv.key] = tagValue(kv);
  return out;
}

function id(kind: "trace" | "span", raw: string): string {
  const n = normalizeHexId(raw, kind === "trace" ? 32 : 16);
  if (n === null) throw new Error(`a ${kind} id is not hex: ${raw.slice(0, 40)}`);
  return n;
}

function statusOf(tags: Attributes): { statusCode: StatusCode; statusMessage: string | null } {
  const code = tags["otel.status_code"];
  const message = typeof tags["otel.status_description"] === "string" ? (tags["otel.status_description"] as string) : null;
  if (code === "ERROR") return { statusCode: 2, statusMessage: message };
  if (code === "OK") return { statusCode: 1, statusMessage: message };
  const error = tags.error;
  if (error === true || error === "true") return { statusCode: 2, statusMessage: message };
  return { statusCode: 0, statusMessage: message };
}

/**
 * One trace from Jaeger's JSON model as SpanRecords. CHILD_OF within the trace is the parent;
 * FOLLOWS_FROM, and any reference to another trace, is a link (Jaeger stores OTel links as
 * FOLLOWS_FROM references and keeps no link attributes). Throws on a malformed trace.
 */
export function jaegerTraceToSpans(trace: unknown): SpanRecord[] {
  const t = traceSchema.parse(trace);
  const processes = t.processes ?? {};
  return (t.spans ?? []).map((s) => {
    const traceId = id("trace", s.traceID);
    const spanId = id("span", s.spanID);
    let parentSpanId: string | null = null;
    const links: SpanLink[] = [];
    for (const r of s.references ?? []) {
      const refTrace = id("trace", r.traceID);
      const refSpan = id("span", r.spanID);
      if (r.refType === "CHILD_OF" && refTrace === traceId && parentSpanId === null) parentSpanId = refSpan;
      else links.push({ traceId: refTrace, spanId: refSpan, attributes: {} });
    }
    const tags = tagsToAttributes(s.tags);
    const attributes = tagsToAttributes(s.tags, DERIVED_TAGS);
    const proc = s.process ?? (s.processID ? processes[s.processID] : undefined);
    const service = proc?.serviceName || "unknown_service";
    const resource: Attributes = { ...tagsToAttributes(proc?.tags), "service.name": service };
    const kindTag = tags["span.kind"];
    const kind: SpanKind = typeof kindTag === "string" ? (SPAN_KINDS[kindTag.toLowerCase()] ?? 0) : 0;
    const fields = messagingFields(attributes);
    return {
      traceId,
      spanId,
      parentSpanId,
      name: s.operationName ?? "",
      kind,
      service,
      startNs: BigInt(s.startTime) * 1000n,
      durationNs: BigInt(s.duration) * 1000n,
      ...statusOf(tags),
      ...fields,
      attributes,
      resource,
      // Jaeger keeps an OTel event's name in the log field "event".
      events: (s.logs ?? []).map((l) => {
        const attrs = tagsToAttributes(l.fields);
        const name = typeof attrs.event === "string" ? attrs.event : "log";
        delete attrs.event;
        return { timeNs: BigInt(l.timestamp) * 1000n, name, attributes: attrs };
      }),
      links,
    } satisfies SpanRecord;
  });
}

function jaegerErrorText(body: unknown): string | null {
  const parsed = z.object({ errors: errorsSchema }).safeParse(body);
  const msgs = parsed.success ? (parsed.data.errors ?? []).map((e) => e.msg).filter(Boolean) : [];
  return msgs.length > 0 ? msgs.join("; ") : null;
}

function malformed(r: RemoteBase, url: URL, err: unknown): TraceSourceError {
  const detail = err instanceof z.ZodError ? (err.issues[0]?.path.join(".") || "root") + " " + err.issues[0]?.message : err instanceof Error ? err.message : "";
  return new TraceSourceError(r.kind, `${url.protocol}//${url.host}${url.pathname}`, `unexpected answer (${detail})`);
}

function micro(ms: number): string {
  return String(Math.round(ms * 1000));
}

/** Go duration text Jaeger's minDuration understands. */
function goDuration(ms: number): string {
  return Number.isInteger(ms) ? `${ms}ms` : `${Math.round(ms * 1000)}us`;
}

/** The `tags` maps to send: one per combination of attribute names for the filters asked. */
export function jaegerTagSets(q: TraceQuery): Record<string, string>[] {
  let sets: Record<string, string>[] = [q.errorsOnly ? { error: "true" } : {}];
  const expand = (names: readonly string[], value: string | undefined) => {
    if (!value) return;
    sets = sets.flatMap((s) => names.map((n) => ({ ...s, [n]: value })));
  };
  expand(MESSAGING_ATTRIBUTES.topic, q.topic);
  expand(MESSAGING_ATTRIBUTES.consumerGroup, q.consumerGroup);
  return sets;
}

export function jaegerTraceSource(baseUrl: string, opts: RemoteSourceOptions = {}): TraceSource {
  const r = remoteBase("jaeger", baseUrl, opts);

  async function traces(url: URL, notFound?: "empty"): Promise<[SpanRecord, ...SpanRecord[]][]> {
    const body = await getJson(r, url, { notFound, errorText: jaegerErrorText });
    if (body === undefined) return [];
    try {
      const res = tracesResponse.parse(body);
      const data = res.data ?? [];
      const msgs = (res.errors ?? []).map((e) => e.msg).filter(Boolean);
      if (data.length === 0 && msgs.length > 0) {
        if ((res.errors ?? []).every((e) => e.code === 404) && notFound) return [];
        throw new TraceSourceError(r.kind, `${url.protocol}//${url.host}${url.pathname}`, msgs.join("; "));
      }
      return data.map(jaegerTraceToSpans).filter((spans): spans is [SpanRecord, ...SpanRecord[]] => spans.length > 0);
    } catch (err) {
      if (err instanceof TraceSourceError) throw err;
      throw malformed(r, url, err);
    }
  }

  async function services(): Promise<string[]> {
    const url = remoteUrl(r, "api/services");
    const body = await getJson(r, url, { errorText: jaegerErrorText });
    const parsed = servicesResponse.safeParse(body);
    if (!parsed.success) throw malformed(r, url, parsed.error);
    return [...new Set(parsed.data.data ?? [])].sort().slice(0, MAX_SERVICES_SEARCHED);
  }

  async function getTrace(traceId: string): Promise<SpanRecord[]> {
    const tid = normalizeHexId(traceId, 32);
    if (tid === null) return [];
    const found = await traces(remoteUrl(r, `api/traces/${tid}`), "empty");
    return found.flat();
  }

  return {
    kind: "jaeger",

    async search(q: TraceQuery): Promise<TraceSummary[]> {
      const limit = clampLimit(q.limit);
      const serviceNames = q.service ? [q.service] : await services();
      const requests = serviceNames.flatMap((service) =>
        jaegerTagSets(q).map((tags) => {
          const p = new URLSearchParams({ service, start: micro(q.fromMs), end: micro(q.toMs), limit: String(limit) });
          if (Object.keys(tags).length > 0) p.set("tags", JSON.stringify(tags));
          if (q.minDurationMs !== undefined && q.minDurationMs > 0) p.set("minDuration", goDuration(q.minDurationMs));
          return remoteUrl(r, "api/traces", p);
        }),
      );
      const answers = await mapLimit(requests, SERVICE_CONCURRENCY, (url) => traces(url));
      // The same trace comes back once per service and tag set that found it; keep its fullest copy.
      const byId = new Map<string, [SpanRecord, ...SpanRecord[]]>();
      for (const spans of answers.flat()) {
        const prev = byId.get(spans[0].traceId);
        if (!prev || spans.length > prev.length) byId.set(spans[0].traceId, spans);
      }
      return [...byId.values()]
        .filter((spans) => traceMatches(spans, q))
        .map(summarizeTrace)
        .sort(newestFirst)
        .slice(0, limit);
    },

    getTrace,

    // Jaeger cannot be asked which traces link *to* this one, so this answers with the traces
    // this trace's own spans link to (a consumer's trace names its producer's).
    async linkedTraceIds(traceId: string): Promise<string[]> {
      const tid = normalizeHexId(traceId, 32);
      if (tid === null) return [];
      return linkedFromSpans(tid, await getTrace(tid));
    },
  };
}
