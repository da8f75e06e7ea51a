// How traces read on screen, pure: the search form ↔ URL, durations, span kinds, attribute values
// as text, where a waterfall bar sits, and the links from a span to its record. Locale-fixed.
import type { AttributeValue, SpanKind } from "@/server/otel/source";

export const RANGES = [
  { value: "15m", label: "Last 15 minutes" },
  { value: "1h", label: "Last hour" },
  { value: "6h", label: "Last 6 hours" },
  { value: "24h", label: "Last 24 hours" },
] as const;
export type RangeValue = (typeof RANGES)[number]["value"];

/** The search form as its inputs hold it (text, so a half-typed value is kept). */
export interface TraceSearchForm {
  service: string;
  topic: string;
  consumerGroup: string;
  minDurationMs: string;
  errorsOnly: boolean;
  range: RangeValue;
}

export const emptySearch: TraceSearchForm = { service: "", topic: "", consumerGroup: "", minDurationMs: "", errorsOnly: false, range: "1h" };

const isRange = (v: string | null): v is RangeValue => RANGES.some((r) => r.value === v);

/** The form from the page's query string (?service=&topic=&group=&min=&errors=1&range=). */
export function searchFromParams(p: URLSearchParams): TraceSearchForm {
  const range = p.get("range");
  return {
    service: p.get("service") ?? "",
    topic: p.get("topic") ?? "",
    consumerGroup: p.get("group") ?? "",
    minDurationMs: p.get("min") ?? "",
    errorsOnly: p.get("errors") === "1",
    range: isRange(range) ? range : "1h",
  };
}

/** The query string of a search; empty fields are left out. */
export function paramsFromSearch(f: TraceSearchForm): string {
  const p = new URLSearchParams();
  if (f.service.trim()) p.set("service", f.service.trim());
  if (f.topic.trim()) p.set("topic", f.topic.trim());
  if (f.consumerGroup.trim()) p.set("group", f.consumerGroup.trim());
  if (f.minDurationMs.trim()) p.set("min", f.minDurationMs.trim());
  if (f.errorsOnly) p.set("errors", "1");
  if (f.range !== "1h") p.set("range", f.range);
  return p.toString();
}

/** The minimum duration typed, or an error to show next to the field. */
export function parseMinDuration(text: string): { ok: true; value: number | undefined } | { ok: false; error: string } {
  const t = text.trim();
  if (!t) return { ok: true, value: undefined };
  const n = Number(t);
  if (!Number.isFinite(n) || n < 0) return { ok: false, error: "Enter a number of milliseconds, 0 or more." };
  return { ok: true, value: n };
}

/** What the server takes, from the form; null when the form has an error. */
export function searchInput(f: TraceSearchForm) {
  const min = parseMinDuration(f.minDurationMs);
  if (!min.ok) return null;
  return {
    service: f.service.trim() || undefined,
    topic: f.topic.trim() || undefined,
    consumerGroup: f.consumerGroup.trim() || undefined,
    minDurationMs: min.value,
    errorsOnly: f.errorsOnly,
    range: f.range,
  };
}

const twoDecimals = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** A span's length: "850 µs", "1.25 ms", "340 ms", "2.4 s", "3 min 5 s". */
export function formatSpanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  const v = Math.max(ms, 0);
  if (v < 1) return `${integer.format(v * 1000)} µs`;
  if (v < 10) return `${twoDecimals.format(v)} ms`;
  if (v < 1000) return `${oneDecimal.format(v)} ms`;
  if (v < 60_000) return `${oneDecimal.format(v / 1000)} s`;
  const s = Math.round(v / 1000);
  return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
}

export const KIND_LABELS: Record<SpanKind, string> = { 0: "unspecified", 1: "internal", 2: "server", 3: "client", 4: "producer", 5: "consumer" };

/** An attribute value as text: strings as they are, anything else as JSON. */
export function attributeText(v: AttributeValue): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Where a span's bar sits in the timeline, in percent of the waterfall; at least a sliver wide, never past the end. */
export function barPosition(offsetMs: number, durationMs: number, totalMs: number): { left: number; width: number } {
  if (!(totalMs > 0)) return { left: 0, width: 100 };
  const left = Math.min(Math.max((offsetMs / totalMs) * 100, 0), 99.5);
  const width = Math.max(Math.min((durationMs / totalMs) * 100, 100 - left), 0.5);
  return { left, width };
}

/** The first characters of an id, for labels ("4bf92f35…"). */
export const shortId = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id);

export const traceHref = (traceId: string) => `/traces/${encodeURIComponent(traceId)}`;

/** The message browser's page for one record. */
export function recordHref(clusterId: string, at: { topic: string; partition: number; offset: number }): string {
  const p = new URLSearchParams({ topic: at.topic, partition: String(at.partition), offset: String(at.offset) });
  return `/observe/${encodeURIComponent(clusterId)}/records?${p.toString()}`;
}

/** Start time as local "YYYY-MM-DD HH:MM:SS.mmm". */
export function formatStartTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

export interface RecordAddress {
  topic: string;
  partition: number;
  offset: number;
}

/** The records page's query string: topic, partition and offset; null when one is missing or not a whole number ≥ 0. */
export function recordAddress(q: Record<string, string | string[] | undefined>): RecordAddress | null {
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
  const topic = one(q.topic);
  const whole = (v: string | undefined) => (v !== undefined && v.length > 0 && v.length <= 16 && [...v].every((c) => c >= "0" && c <= "9") && Number.isSafeInteger(Number(v)) ? Number(v) : null);
  const partition = whole(one(q.partition));
  const offset = whole(one(q.offset));
  if (!topic || partition === null || offset === null) return null;
  return { topic, partition, offset };
}

