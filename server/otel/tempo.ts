// Traces from an existing Grafana Tempo, over its HTTP API (docs/sources/tempo/api_docs in
// grafana/tempo): GET /api/search?q=<TraceQL>&start=&end=&limit=&minDuration= and
// GET /api/traces/{id}, which answers in OTLP JSON (`batches` in Tempo 1.x/2.x, `resourceSpans`
// in newer builds, `{ trace: { resourceSpans } }` from /api/v2) with base64 ids; decodeOtlpJson
// reads all of them.
//
// Search is one TraceQL query. Every condition is its own spanset, joined with `&&`, so a trace
// matches when each condition holds on some span of it (as in the built-in store): the service
// on the resource, the topic and consumer group under both the current and the older attribute
// names (`||`), `status = error`, and `duration >= …` for "a span lasts at least this long".
// Values are always TraceQL string literals escaped here; attribute names are our constants.
import "server-only";
import { z } from "zod";
import { MESSAGING_ATTRIBUTES, messagingFields } from "./messaging";
import { decodeOtlpJson } from "./otlp";
import {
  clampLimit,
  displayUrl,
  getJson,
  linkedFromSpans,
  newestFirst,
  normalizeHexId,
  remoteBase,
  remoteUrl,
  TraceSourceError,
  type RemoteSourceOptions,
} from "./remote-source";
import type { Attributes, AttributeValue, SpanRecord, TraceQuery, TraceSource, TraceSummary } from "./source";

export { TraceSourceError } from "./remote-source";

/** A TraceQL string literal holding `value` exactly: quotes, backslashes and control characters escaped. */
export function traceqlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** TraceQL duration literal. */
function traceqlDuration(ms: number): string {
  return Number.isInteger(ms) ? `${ms}ms` : `${Math.round(ms * 1000)}us`;
}

function anyOf(names: readonly string[], value: string): string {
  return `{ ${names.map((n) => `span.${n} = ${traceqlString(value)}`).join(" || ")} }`;
}

/** The TraceQL for a query; `{}` (every trace) when nothing is filtered. */
export function buildTraceQL(q: TraceQuery): string {
  const parts: string[] = [];
  if (q.service) parts.push(`{ resource.service.name = ${traceqlString(q.service)} }`);
  if (q.topic) parts.push(anyOf(MESSAGING_ATTRIBUTES.topic, q.topic));
  if (q.consumerGroup) parts.push(anyOf(MESSAGING_ATTRIBUTES.consumerGroup, q.consumerGroup));
  if (q.errorsOnly) parts.push("{ status = error }");
  if (q.minDurationMs !== undefined && q.minDurationMs > 0) parts.push(`{ duration >= ${traceqlDuration(q.minDurationMs)} }`);
  return parts.length > 0 ? parts.join(" && ") : "{}";
}

// Tempo's search answer (pkg/tempopb TraceSearchMetadata, protobuf JSON: uint64 as strings,
// zero values left out). serviceStats exists since Tempo 2.5.
const otlpValue = z
  .object({
    stringValue: z.string().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    boolValue: z.boolean().optional(),
    doubleValue: z.number().optional(),
  })
  .loose();
const searchSpan = z.object({
  spanID: z.string().optional(),
  startTimeUnixNano: z.union([z.string(), z.number()]).optional(),
  durationNanos: z.union([z.string(), z.number()]).optional(),
  attributes: z.array(z.object({ key: z.string(), value: otlpValue.optional() })).nullish(),
});
const searchTrace = z.object({
  traceID: z.string(),
  rootServiceName: z.string().optional(),
  rootTraceName: z.string().optional(),
  startTimeUnixNano: z.union([z.string().regex(/^\d{1,20}$/), z.number()]).optional(),
  durationMs: z.number().optional(),
  spanSet: z.object({ spans: z.array(searchSpan).nullish(), matched: z.number().optional() }).nullish(),
  spanSets: z.array(z.object({ spans: z.array(searchSpan).nullish(), matched: z.number().optional() })).nullish(),
  serviceStats: z.record(z.string(), z.object({ spanCount: z.number().optional(), errorCount: z.number().optional() })).nullish(),
});
const searchResponse = z.object({ traces: z.array(searchTrace).nullish() });

function searchValue(v: z.infer<typeof otlpValue> | undefined): AttributeValue {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  return null;
}

/**
 * A search hit as a TraceSummary. Tempo does not send every span with a hit: counts and services
 * come from serviceStats when Tempo sends it (2.5+), else from the matched spans (a lower bound);
 * topics are those on the matched spans (present when the search filtered on a topic).
 */
export function tempoSummary(t: z.infer<typeof searchTrace>): TraceSummary | null {
  const traceId = normalizeHexId(t.traceID, 32);
  if (traceId === null) return null;
  const spans = new Map<string, Attributes>();
  // spanSet is the older single form; the same span may appear in several sets.
  for (const set of [...(t.spanSets ?? []), ...(t.spanSet ? [t.spanSet] : [])]) {
    for (const s of set.spans ?? []) {
      const key = s.spanID ?? `#${spans.size}`;
      const attrs: Attributes = { ...spans.get(key) };
      for (const a of s.attributes ?? []) attrs[a.key] = searchValue(a.value);
      spans.set(key, attrs);
    }
  }
  const matched = [...spans.values()];
  const rootService = t.rootServiceName ?? "unknown_service";
  const stats = t.serviceStats ? Object.entries(t.serviceStats) : null;
  const services = new Set<string>(stats ? stats.map(([name]) => name) : []);
  if (!stats) {
    if (t.rootServiceName) services.add(t.rootServiceName);
    for (const a of matched) if (typeof a["service.name"] === "string") services.add(a["service.name"]);
  }
  const topics = new Set<string>();
  for (const a of matched) {
    const topic = messagingFields(a).topic;
    if (topic) topics.add(topic);
  }
  const startNs = BigInt(t.startTimeUnixNano ?? 0);
  return {
    traceId,
    rootService,
    rootName: t.rootTraceName ?? "",
    startMs: Number(startNs / 1000n) / 1000,
    durationMs: t.durationMs ?? 0,
    spanCount: stats ? stats.reduce((n, [, s]) => n + (s.spanCount ?? 0), 0) : Math.max(matched.length, 1),
    errorCount: stats ? stats.reduce((n, [, s]) => n + (s.errorCount ?? 0), 0) : matched.filter((a) => a.status === "error").length,
    services: [...services].sort(),
    topics: [...topics].sort(),
  };
}

export function tempoTraceSource(baseUrl: string, opts: RemoteSourceOptions = {}): TraceSource {
  const r = remoteBase("tempo", baseUrl, opts);

  async function getTrace(traceId: string): Promise<SpanRecord[]> {
    const tid = normalizeHexId(traceId, 32);
    if (tid === null) return [];
    const url = remoteUrl(r, `api/traces/${tid}`);
    const body = await getJson(r, url, { notFound: "empty" });
    if (body === undefined) return [];
    // /api/v2/traces wraps the trace; a proxy may have pointed us there.
    const doc = typeof body === "object" && body !== null && "trace" in body ? (body as { trace: unknown }).trace : body;
    try {
      return decodeOtlpJson(doc ?? {});
    } catch (err) {
      throw new TraceSourceError(r.kind, displayUrl(url), `unexpected answer (${err instanceof Error ? err.message : "not OTLP JSON"})`);
    }
  }

  return {
    kind: "tempo",

    async search(q: TraceQuery): Promise<TraceSummary[]> {
      const limit = clampLimit(q.limit);
      const start = Math.floor(q.fromMs / 1000);
      const p = new URLSearchParams({
        q: buildTraceQL(q),
        start: String(start),
        // Tempo wants end after start, in whole seconds.
        end: String(Math.max(Math.ceil(q.toMs / 1000), start + 1)),
        limit: String(limit),
      });
      // Tempo reads minDuration as the whole trace's; it never excludes a trace the TraceQL keeps.
      if (q.minDurationMs !== undefined && q.minDurationMs >= 1) p.set("minDuration", `${Math.floor(q.minDurationMs)}ms`);
      const url = remoteUrl(r, "api/search", p);
      const body = await getJson(r, url);
      const parsed = searchResponse.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new TraceSourceError(r.kind, displayUrl(url), `unexpected answer (${issue?.path.join(".") || "root"} ${issue?.message ?? ""})`);
      }
      return (parsed.data.traces ?? [])
        .map(tempoSummary)
        .filter((s): s is TraceSummary => s !== null)
        .sort(newestFirst)
        .slice(0, limit);
    },

    getTrace,

    // Tempo cannot be asked which traces link *to* this one (TraceQL has no link-target search
    // across traces), so this answers with the traces this trace's own spans link to.
    async linkedTraceIds(traceId: string): Promise<string[]> {
      const tid = normalizeHexId(traceId, 32);
      if (tid === null) return [];
      return linkedFromSpans(tid, await getTrace(tid));
    },
  };
}
