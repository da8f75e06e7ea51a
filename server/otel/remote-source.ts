// What the Jaeger and Tempo trace sources share: one bounded HTTP GET that turns every failure
// (unreachable, timeout, 4xx/5xx, a body that is not JSON or too large) into a TraceSourceError
// whose message names the source and its URL without credentials, plus the pure helpers both use
// to summarise and filter traces.
import "server-only";
import type { SpanRecord, TraceQuery, TraceSummary } from "./source";

export type RemoteKind = "jaeger" | "tempo";

const LABEL: Record<RemoteKind, string> = { jaeger: "Jaeger", tempo: "Tempo" };

export const DEFAULT_TIMEOUT_MS = 10_000;
/** A trace or search answer larger than this is refused rather than held in memory. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 200;

export interface RemoteSourceOptions {
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Per request, including reading the body. Default 10 s. */
  timeoutMs?: number;
}

/** Shown to the user as is: it names the source and the URL (never its credentials), no stack. */
export class TraceSourceError extends Error {
  constructor(
    readonly kind: RemoteKind,
    /** Origin and path of the request, without userinfo or query. */
    readonly url: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${LABEL[kind]} at ${url}: ${message}`);
    this.name = "TraceSourceError";
  }
}

/** The URL as it may be shown: no username, password, query or fragment. */
export function displayUrl(u: URL): string {
  return `${u.protocol}//${u.host}${u.pathname}`;
}

export interface RemoteBase {
  kind: RemoteKind;
  /** Base URL without credentials, ending in "/". */
  base: URL;
  /** "Basic …" when the configured URL carried userinfo (fetch refuses such URLs). */
  authorization: string | null;
  fetch: typeof fetch;
  timeoutMs: number;
}

export function remoteBase(kind: RemoteKind, baseUrl: string, opts: RemoteSourceOptions = {}): RemoteBase {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new TraceSourceError(kind, "(invalid URL)", "the configured URL is not a valid URL");
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new TraceSourceError(kind, displayUrl(base), "the URL must be http:// or https://");
  }
  let authorization: string | null = null;
  if (base.username || base.password) {
    const user = decodeURIComponent(base.username);
    const pass = decodeURIComponent(base.password);
    authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
    base.username = "";
    base.password = "";
  }
  base.search = "";
  base.hash = "";
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new TraceSourceError(kind, displayUrl(base), "timeoutMs must be positive");
  return { kind, base, authorization, fetch: opts.fetch ?? fetch, timeoutMs };
}

/** `path` is relative to the base (no leading slash), already percent-encoded where needed. */
export function remoteUrl(r: RemoteBase, path: string, params?: URLSearchParams): URL {
  const u = new URL(path, r.base);
  if (params) u.search = params.toString();
  return u;
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : null;
  if (code === "ECONNREFUSED") return "connection refused (is the server running?)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  if (code === "ECONNRESET") return "the connection was reset";
  if (code) return `could not connect (${code})`;
  return "could not connect";
}

async function readBounded(kind: RemoteKind, shown: string, res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new TraceSourceError(kind, shown, `the answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** One line, at most 200 characters, of what a failing server said. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * GET a JSON document. `notFound: "empty"` makes a 404 answer `undefined` instead of an error.
 * `errorText` may pull a readable message out of an error body (Jaeger's `errors[].msg`).
 */
export async function getJson(
  r: RemoteBase,
  url: URL,
  opts: { notFound?: "empty"; errorText?: (body: unknown) => string | null } = {},
): Promise<unknown> {
  const shown = displayUrl(url);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, r.timeoutMs);
  const seconds = r.timeoutMs % 1000 === 0 ? `${r.timeoutMs / 1000} s` : `${r.timeoutMs} ms`;
  try {
    let res: Response;
    try {
      const headers: Record<string, string> = { accept: "application/json" };
      if (r.authorization) headers.authorization = r.authorization;
      // Redirects are not followed: they would carry the credentials to wherever they point.
      res = await r.fetch(url, { method: "GET", headers, signal: controller.signal, redirect: "manual" });
    } catch (err) {
      if (timedOut) throw new TraceSourceError(r.kind, shown, `no answer within ${seconds}`);
      throw new TraceSourceError(r.kind, shown, networkReason(err));
    }
    let text: string;
    try {
      text = await readBounded(r.kind, shown, res);
    } catch (err) {
      if (err instanceof TraceSourceError) throw err;
      if (timedOut) throw new TraceSourceError(r.kind, shown, `no answer within ${seconds}`);
      throw new TraceSourceError(r.kind, shown, "the connection broke while reading the answer");
    }
    if (res.status === 404 && opts.notFound === "empty") return undefined;
    if (res.status >= 300 && res.status < 400) {
      let target = "elsewhere";
      try {
        target = displayUrl(new URL(res.headers.get("location") ?? "", url));
      } catch {
        // keep "elsewhere"
      }
      throw new TraceSourceError(r.kind, shown, `HTTP ${res.status}: redirects to ${target}; configure that address instead`, res.status);
    }
    if (!res.ok) {
      let detail: string | null = null;
      try {
        detail = opts.errorText?.(JSON.parse(text)) ?? null;
      } catch {
        detail = null;
      }
      detail ??= excerpt(text);
      const statusLine = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`;
      throw new TraceSourceError(r.kind, shown, detail ? `${statusLine}: ${detail}` : statusLine, res.status);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new TraceSourceError(r.kind, shown, "the answer is not valid JSON");
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping order. The first failure rejects. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}

export function clampLimit(limit: number | undefined): number {
  const n = Math.floor(limit ?? DEFAULT_LIMIT);
  return Number.isFinite(n) ? Math.min(Math.max(n, 1), MAX_LIMIT) : DEFAULT_LIMIT;
}

/** A hex id from the user or a server, as SpanRecord wants it: lowercase, left-padded. Null if not hex. */
export function normalizeHexId(id: string, length: 16 | 32): string | null {
  if (!/^[0-9a-fA-F]+$/.test(id) || id.length > length) return null;
  return id.toLowerCase().padStart(length, "0");
}

/** Does the trace satisfy the query? Reads the older messaging attribute names too. */
export function traceMatches(spans: readonly SpanRecord[], q: TraceQuery): boolean {
  if (spans.length === 0) return false;
  if (q.service && !spans.some((s) => s.service === q.service)) return false;
  // SpanRecord's messaging fields were read from the current and the older attribute names.
  if (q.topic && !spans.some((s) => s.topic === q.topic)) return false;
  if (q.consumerGroup && !spans.some((s) => s.consumerGroup === q.consumerGroup)) return false;
  if (q.errorsOnly && !spans.some((s) => s.statusCode === 2)) return false;
  if (q.minDurationMs !== undefined && q.minDurationMs > 0) {
    const min = BigInt(Math.ceil(q.minDurationMs * 1_000_000));
    if (!spans.some((s) => s.durationNs >= min)) return false;
  }
  return true;
}

function nsToMs(ns: bigint): number {
  return Number(ns / 1000n) / 1000;
}

/** The summary of a whole trace (every span known). */
export function summarizeTrace(spans: readonly [SpanRecord, ...SpanRecord[]]): TraceSummary {
  const ids = new Set(spans.map((s) => s.spanId));
  const byStart = [...spans].sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
  const root = byStart.find((s) => s.parentSpanId === null || !ids.has(s.parentSpanId)) ?? spans[0];
  let start = root.startNs;
  let end = start;
  for (const s of spans) {
    if (s.startNs < start) start = s.startNs;
    if (s.startNs + s.durationNs > end) end = s.startNs + s.durationNs;
  }
  return {
    traceId: root.traceId,
    rootService: root.service,
    rootName: root.name,
    startMs: nsToMs(start),
    durationMs: nsToMs(end - start),
    spanCount: spans.length,
    errorCount: spans.filter((s) => s.statusCode === 2).length,
    services: [...new Set(spans.map((s) => s.service))].sort(),
    topics: [...new Set(spans.map((s) => s.topic).filter((t): t is string => t !== null))].sort(),
  };
}

export function newestFirst(a: TraceSummary, b: TraceSummary): number {
  return b.startMs - a.startMs || a.traceId.localeCompare(b.traceId);
}

/** Trace ids the spans link to, other than their own trace. */
export function linkedFromSpans(traceId: string, spans: readonly SpanRecord[]): string[] {
  const out = new Set<string>();
  for (const s of spans) for (const l of s.links) if (l.traceId !== traceId) out.add(l.traceId);
  return [...out];
}
