// Dead-letter queues, pure: which topics are DLQs, filters over records, the wire-to-view
// mapping the DLQ browser shows, and the bounded read that merges partitions (its records come
// from an injected source). Values are only ever turned into text (or hex/base64), never
// markup; filters use string comparison only, never a regex built from what a user typed.
import { DEAD_LETTER_HEADERS } from "../flow/stubs/typescript/render-runtime";

/** A record as read from Kafka. Structurally a server/kafka KafkaRecord (Buffer is a Uint8Array). */
export interface WireRecord {
  topic: string;
  partition: number;
  offset: number;
  timestampMs: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: readonly { key: string; value: Uint8Array | null }[];
}

// ---------------------------------------------------------------- which topics are DLQs

/**
 * Name suffixes of dead-letter topics: `.dlq`, `-dlq` and Spring Kafka's `.DLT`. Matched without
 * regard to case (`orders.DLQ`, `orders.dlt` count too), and only after a non-empty name.
 */
export const DEAD_LETTER_SUFFIXES = [".dlq", "-dlq", ".dlt"] as const;

export function isDeadLetterTopicName(name: string): boolean {
  const n = name.toLowerCase();
  return DEAD_LETTER_SUFFIXES.some((s) => n.length > s.length && n.endsWith(s));
}

export interface DeadLetterTopic {
  topic: string;
  /** A DLQ drawn in the flow (any name), as opposed to a cluster topic found by its name. */
  designed: boolean;
  /** Present on the cluster. */
  onCluster: boolean;
}

/** The flow's designed DLQs (whether or not they exist yet) and the cluster's topics named like DLQs, sorted by name. */
export function deadLetterTopics(designedDlqNames: readonly string[], clusterTopics: readonly string[]): DeadLetterTopic[] {
  const onCluster = new Set(clusterTopics);
  const designed = new Set(designedDlqNames.map((n) => n.trim()).filter(Boolean));
  const out: DeadLetterTopic[] = [...designed].map((topic) => ({ topic, designed: true, onCluster: onCluster.has(topic) }));
  for (const topic of onCluster) if (!designed.has(topic) && isDeadLetterTopicName(topic)) out.push({ topic, designed: false, onCluster: true });
  return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

// ---------------------------------------------------------------- text, hex, base64

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The bytes as UTF-8 text, or null when they are not valid UTF-8. */
export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** Text a person can read: no C0 control characters other than tab, line feed and carriage return, no DEL. */
function isReadable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false;
  }
  return true;
}

export function toHex(bytes: Uint8Array): string {
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = HEX[bytes[i]!]!;
  return parts.join("");
}

export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    parts.push(B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    parts.push(B64[n >> 18]! + B64[(n >> 12) & 63]! + "==");
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    parts.push(B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + "=");
  }
  return parts.join("");
}

const QUOTE = 34;
const BACKSLASH = 92;
const isWs = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
/** Characters that end a number or literal: , : { } [ ] " and whitespace. */
const ENDS_TOKEN = new Set([44, 58, 123, 125, 91, 93, QUOTE, 32, 9, 10, 13]);

/** Index of the quote closing the string that opens at `open`. */
function stringEnd(src: string, open: number): number {
  let q = src.indexOf('"', open + 1);
  for (; q !== -1; q = src.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (src.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return src.length - 1;
}

/**
 * Re-indents valid JSON text with two spaces, working on the text itself: numbers keep every
 * digit (JSON.parse would round 64-bit ids) and repeated keys stay visible.
 */
export function prettyJson(src: string): string {
  const out: string[] = [];
  let depth = 0;
  let i = 0;
  const newline = () => "\n" + "  ".repeat(depth);
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(src, i);
      out.push(src.slice(i, end + 1));
      i = end + 1;
    } else if (isWs(c)) {
      i++;
    } else if (c === 123 || c === 91) {
      // { or [: an empty one stays on its line.
      let j = i + 1;
      while (isWs(src.charCodeAt(j))) j++;
      if (src.charCodeAt(j) === c + 2) {
        out.push(src[i]! + src[j]!);
        i = j + 1;
      } else {
        depth++;
        out.push(src[i]! + newline());
        i++;
      }
    } else if (c === 125 || c === 93) {
      depth--;
      out.push(newline() + src[i]!);
      i++;
    } else if (c === 44) {
      out.push("," + newline());
      i++;
    } else if (c === 58) {
      out.push(": ");
      i++;
    } else {
      let j = i + 1;
      while (j < src.length && !ENDS_TOKEN.has(src.charCodeAt(j))) j++;
      out.push(src.slice(i, j));
      i = j;
    }
  }
  return out.join("");
}

function isJsonDocument(text: string): boolean {
  const t = text.trimStart();
  if (t[0] !== "{" && t[0] !== "[") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- views

/** How much of a key or value is shown; the full size is always reported. */
export const DISPLAY_LIMIT_BYTES = 256 * 1024;
/** How much of a header value is shown. */
export const HEADER_DISPLAY_LIMIT_BYTES = 16 * 1024;

export type TextView = { kind: "text"; text: string; bytes: number; truncated: boolean };
export type BinaryView = { kind: "binary"; hex: string; base64: string; bytes: number; truncated: boolean };
/** A JSON object or array, re-indented; only ever complete (a truncated value is shown as text). */
export type JsonView = { kind: "json"; text: string; bytes: number; truncated: false };
export type PayloadView = JsonView | TextView | BinaryView;
export type HeaderValueView = TextView | BinaryView;

export interface HeaderView {
  key: string;
  value: HeaderValueView | null;
}

/** What the Flowlens stubs (and redrive) write on a dead-lettered record; null fields were absent or unreadable. */
export interface DeadLetterInfo {
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: number | null;
  errorClass: string | null;
  errorMessage: string | null;
  attempts: number | null;
  /** As written (ISO 8601 UTC by the stubs). */
  failedAt: string | null;
  /** How many times Flowlens redrove it; 0 when never. */
  redriveCount: number;
}

export interface RecordView {
  topic: string;
  partition: number;
  offset: number;
  timestampMs: number;
  key: PayloadView | null;
  value: PayloadView | null;
  headers: HeaderView[];
  deadLetter: DeadLetterInfo | null;
}

export const REDRIVE_COUNT_HEADER = "x-flowlens-redrive-count";
const dlHeader = Object.fromEntries(DEAD_LETTER_HEADERS.map((h) => [h.key, h.header])) as Record<(typeof DEAD_LETTER_HEADERS)[number]["key"], string>;

/** Cuts at most `limit` bytes, backing off to the start of a UTF-8 character. */
function cutUtf8(bytes: Uint8Array, limit: number): Uint8Array {
  let cut = limit;
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return bytes.subarray(0, cut);
}

function binaryView(bytes: Uint8Array, limit: number): BinaryView {
  const shown = bytes.length > limit ? bytes.subarray(0, limit) : bytes;
  return { kind: "binary", hex: toHex(shown), base64: toBase64(shown), bytes: bytes.length, truncated: shown.length < bytes.length };
}

function textOrBinary(bytes: Uint8Array, limit: number): HeaderValueView {
  const text = utf8OrNull(bytes);
  if (text === null || !isReadable(text)) return binaryView(bytes, limit);
  if (bytes.length <= limit) return { kind: "text", text, bytes: bytes.length, truncated: false };
  return { kind: "text", text: lenientUtf8.decode(cutUtf8(bytes, limit)), bytes: bytes.length, truncated: true };
}

/**
 * A key or value for display: re-indented JSON (objects and arrays), readable UTF-8 text, or, for
 * anything else (invalid UTF-8, control characters), hex and base64. Shows at most `limit` bytes.
 */
export function toPayloadView(bytes: Uint8Array | null, limit = DISPLAY_LIMIT_BYTES): PayloadView | null {
  if (bytes === null) return null;
  const view = textOrBinary(bytes, limit);
  if (view.kind === "text" && !view.truncated && isJsonDocument(view.text)) return { kind: "json", text: prettyJson(view.text), bytes: view.bytes, truncated: false };
  return view;
}

const headerText = (record: WireRecord, name: string): string | null => {
  const h = record.headers.find((x) => x.key === name);
  return h?.value ? utf8OrNull(h.value) : null;
};
const DIGITS = /^\d{1,15}$/;
const wholeNumber = (s: string | null) => (s !== null && DIGITS.test(s.trim()) ? Number(s.trim()) : null);
const DEAD_LETTER_NAMES: readonly string[] = [...Object.values(dlHeader), REDRIVE_COUNT_HEADER];

function deadLetterFrom(headers: readonly HeaderView[]): DeadLetterInfo | null {
  if (!headers.some((h) => DEAD_LETTER_NAMES.includes(h.key))) return null;
  // The first header of each name wins; only readable text counts, cut as the header list cuts it.
  const text = (name: string) => {
    const v = headers.find((h) => h.key === name)?.value;
    return v?.kind === "text" ? v.text : null;
  };
  return {
    originalTopic: text(dlHeader.originalTopic),
    originalPartition: wholeNumber(text(dlHeader.originalPartition)),
    originalOffset: wholeNumber(text(dlHeader.originalOffset)),
    errorClass: text(dlHeader.errorClass),
    errorMessage: text(dlHeader.errorMessage),
    attempts: wholeNumber(text(dlHeader.attempts)),
    failedAt: text(dlHeader.failedAt),
    redriveCount: wholeNumber(text(REDRIVE_COUNT_HEADER)) ?? 0,
  };
}

function headerViews(record: WireRecord): HeaderView[] {
  return record.headers.map((h) => ({ key: h.key, value: h.value === null ? null : textOrBinary(h.value, HEADER_DISPLAY_LIMIT_BYTES) }));
}

/** The dead-letter headers, or null when the record carries none of them. */
export function deadLetterInfo(record: WireRecord): DeadLetterInfo | null {
  return deadLetterFrom(headerViews(record));
}

export function toRecordView(record: WireRecord): RecordView {
  const headers = headerViews(record);
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestampMs: record.timestampMs,
    key: toPayloadView(record.key),
    value: toPayloadView(record.value),
    headers,
    deadLetter: deadLetterFrom(headers),
  };
}

// ---------------------------------------------------------------- filters

/** Exact or substring match on text. With neither, anything present matches. */
export interface TextMatch {
  equals?: string;
  contains?: string;
}

export interface RecordFilter {
  key?: TextMatch;
  /** Every entry must match some header of that name; an entry with neither `equals` nor `contains` asks only that the header be there. */
  header?: ({ name: string } & TextMatch)[];
  /** Substring of the value as sent (not re-indented). */
  valueContains?: string;
  /** The x-error-class header, compared whole. */
  errorClass?: string;
  /** Compare letters without regard to case (names of headers too). */
  caseInsensitive?: boolean;
}

/**
 * The text a filter compares: the bytes as UTF-8 when they are valid, else their lowercase hex
 * (so binary keys can be found by hex). Null for an absent key or value.
 */
function matchText(bytes: Uint8Array | null): string | null {
  if (bytes === null) return null;
  return utf8OrNull(bytes) ?? toHex(bytes);
}

function textMatches(text: string | null, m: TextMatch, fold: (s: string) => string): boolean {
  if (text === null) return false;
  const t = fold(text);
  if (m.equals !== undefined && t !== fold(m.equals)) return false;
  if (m.contains !== undefined && !t.includes(fold(m.contains))) return false;
  return true;
}

export function isEmptyFilter(f: RecordFilter | undefined): boolean {
  return !f || (!f.key && !f.header?.length && f.valueContains === undefined && f.errorClass === undefined);
}

/** Whether a record passes every part of the filter. String comparison only: `.*(` means those three characters. */
export function matchesFilter(record: WireRecord, filter: RecordFilter | undefined): boolean {
  if (isEmptyFilter(filter)) return true;
  const f = filter!;
  const fold = f.caseInsensitive ? (s: string) => s.toLowerCase() : (s: string) => s;
  if (f.key && !textMatches(matchText(record.key), f.key, fold)) return false;
  for (const h of f.header ?? []) {
    const name = fold(h.name);
    const presence = h.equals === undefined && h.contains === undefined;
    if (!record.headers.some((x) => fold(x.key) === name && (presence || textMatches(matchText(x.value), h, fold)))) return false;
  }
  if (f.valueContains !== undefined && !textMatches(matchText(record.value), { contains: f.valueContains }, fold)) return false;
  if (f.errorClass !== undefined && !textMatches(headerText(record, dlHeader.errorClass), { equals: f.errorClass }, fold)) return false;
  return true;
}

// ---------------------------------------------------------------- bounded reads

/** Where records come from: server/kafka/records.ts's RecordReader, or a fake in tests. */
export interface RecordSource {
  bounds(topic: string): Promise<{ partition: number; start: number; end: number }[]>;
  offsetForTime(topic: string, timeMs: number): Promise<Map<number, number>>;
  fetchPartition(topic: string, partition: number, fromOffset: number, toOffset: number, opts: { max: number; signal?: AbortSignal }): Promise<WireRecord[]>;
}

export const MAX_RECORDS = 1000;
export const DEFAULT_RECORDS = 100;
/** At most this many records are read per browse, whatever the filter, so a filter matching nothing cannot read a whole huge topic. */
export const SCAN_LIMIT = 50_000;
/** Matched records are sent in pages of at most this many. */
const DATA_PAGE = 100;
/** Records read per partition per round when a filter is set (without one, what is still needed). */
const FILTERED_PAGE = 500;

export type RangePoint = { offset: number } | { timeMs: number };

export interface BrowseOptions {
  topic: string;
  /** Only these partitions; all when absent. */
  partitions?: number[];
  /** Inclusive start: an offset, or the first record at or after a time. */
  from?: RangePoint;
  /** Exclusive end: an offset, or the first record at or after a time. */
  to?: RangePoint;
  /** Records to return (1–1000, default 100). */
  max?: number;
  newestFirst?: boolean;
  filter?: RecordFilter;
  /** Records to read at most (default and ceiling 50,000). */
  scanLimit?: number;
  signal?: AbortSignal;
}

export interface PartitionProgress {
  partition: number;
  /** The range read in this partition: [from, to). */
  from: number;
  to: number;
  /** The next offset to read (newest first: the offset below which reading goes on). */
  position: number;
  done: boolean;
}

export type StopReason = "max" | "scan-limit" | "end" | "aborted";

export type BrowseEvent =
  | { type: "progress"; scanned: number; matched: number; partitions: PartitionProgress[] }
  | { type: "data"; records: RecordView[] }
  | { type: "done"; scanned: number; matched: number; truncated: boolean; reason: StopReason }
  | { type: "error"; message: string };

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.floor(n)));

interface Cursor {
  partition: number;
  from: number;
  to: number;
  position: number;
  /** Records read and not yet taken, in the order they are to be taken. */
  buffer: WireRecord[];
  exhausted: boolean;
}

async function ranges(source: RecordSource, o: BrowseOptions, bounds: { partition: number; start: number; end: number }[]) {
  const at = async (p: RangePoint | undefined) => (p && "timeMs" in p ? source.offsetForTime(o.topic, p.timeMs) : null);
  const [fromTimes, toTimes] = await Promise.all([at(o.from), at(o.to)]);
  return bounds.map((b) => {
    let from = b.start;
    let to = b.end;
    if (o.from) from = Math.max(from, "offset" in o.from ? o.from.offset : (fromTimes?.get(b.partition) ?? b.end));
    if (o.to) to = Math.min(to, "offset" in o.to ? o.to.offset : (toTimes?.get(b.partition) ?? b.end));
    return { partition: b.partition, from, to: Math.max(from, to) };
  });
}

/**
 * The bounded read itself, on an open source: partitions are read page by page (newest first: from
 * the end backwards) and merged by timestamp, oldest or newest first; each record read counts
 * towards the scan limit, each one that passes the time range and the filter towards `max`.
 */
export async function* browseRecords(source: RecordSource, o: BrowseOptions): AsyncGenerator<BrowseEvent> {
  const max = clamp(o.max ?? DEFAULT_RECORDS, 1, MAX_RECORDS);
  const scanLimit = clamp(o.scanLimit ?? SCAN_LIMIT, 1, SCAN_LIMIT);
  const filtered = !isEmptyFilter(o.filter);
  const fromMs = o.from && "timeMs" in o.from ? o.from.timeMs : -Infinity;
  const toMs = o.to && "timeMs" in o.to ? o.to.timeMs : Infinity;
  let scanned = 0;
  let matched = 0;
  let cursors: Cursor[];
  try {
    let bounds = await source.bounds(o.topic);
    if (o.partitions) {
      const missing = o.partitions.filter((p) => !bounds.some((b) => b.partition === p));
      if (missing.length) throw new Error(`Topic "${o.topic}" has no partition ${missing.join(", ")} (it has ${bounds.length}).`);
      bounds = bounds.filter((b) => o.partitions!.includes(b.partition));
    }
    cursors = (await ranges(source, o, bounds)).map((r) => ({ ...r, position: o.newestFirst ? r.to : r.from, buffer: [], exhausted: r.from >= r.to }));
  } catch (e) {
    yield { type: "error", message: (e as Error).message };
    return;
  }

  const progress = (): BrowseEvent => ({
    type: "progress",
    scanned,
    matched,
    partitions: cursors.map((c) => ({ partition: c.partition, from: c.from, to: c.to, position: c.position, done: c.exhausted && !c.buffer.length })),
  });

  async function refill(c: Cursor, pageSize: number) {
    if (o.newestFirst) {
      const lo = Math.max(c.from, c.position - pageSize);
      const page = await source.fetchPartition(o.topic, c.partition, lo, c.position, { max: c.position - lo, signal: o.signal });
      if (o.signal?.aborted) return;
      c.buffer = page.reverse();
      c.position = lo;
      c.exhausted = lo <= c.from;
    } else {
      const page = await source.fetchPartition(o.topic, c.partition, c.position, c.to, { max: pageSize, signal: o.signal });
      if (o.signal?.aborted) return;
      c.buffer = page;
      if (page.length) c.position = page[page.length - 1]!.offset + 1;
      // Fewer than asked means the range end (or only gaps) was reached.
      c.exhausted = page.length < pageSize || c.position >= c.to;
    }
  }

  /** Oldest first: the earliest head; newest first: the latest. Ties go to the lower partition. */
  const pick = () => {
    let best: Cursor | null = null;
    for (const c of cursors) {
      const head = c.buffer[0];
      if (!head) continue;
      const b = best?.buffer[0];
      if (!b || (o.newestFirst ? head.timestampMs > b.timestampMs : head.timestampMs < b.timestampMs)) best = c;
    }
    return best;
  };

  let pending: RecordView[] = [];
  let reason: StopReason = "end";
  try {
    yield progress();
    for (;;) {
      if (o.signal?.aborted) {
        reason = "aborted";
        break;
      }
      if (matched >= max) {
        reason = "max";
        break;
      }
      if (scanned >= scanLimit) {
        reason = "scan-limit";
        break;
      }
      // Every partition still in play needs a head record before the next one can be chosen.
      const empty = cursors.filter((c) => !c.buffer.length && !c.exhausted);
      if (empty.length) {
        if (pending.length) {
          yield { type: "data", records: pending };
          pending = [];
        }
        const active = cursors.filter((c) => c.buffer.length || !c.exhausted).length;
        const need = Math.min(max - matched, scanLimit - scanned);
        const pageSize = clamp(filtered ? FILTERED_PAGE : Math.ceil(need / active), 1, MAX_RECORDS);
        await Promise.all(empty.map((c) => refill(c, Math.min(pageSize, scanLimit - scanned))));
        yield progress();
        continue;
      }
      const c = pick();
      if (!c) break;
      const r = c.buffer.shift()!;
      scanned++;
      if (r.timestampMs >= fromMs && r.timestampMs < toMs && matchesFilter(r, o.filter)) {
        matched++;
        pending.push(toRecordView(r));
        if (pending.length >= DATA_PAGE) {
          yield { type: "data", records: pending };
          pending = [];
        }
      }
    }
  } catch (e) {
    if (pending.length) yield { type: "data", records: pending };
    yield { type: "error", message: (e as Error)?.message ?? `Reading "${o.topic}" failed.` };
    return;
  }
  if (pending.length) yield { type: "data", records: pending };
  // Whether more remains after a stop at `max` is not known without reading on; the scan limit is the case to say.
  const more = cursors.some((c) => c.buffer.length || !c.exhausted);
  yield { type: "done", scanned, matched, truncated: reason === "scan-limit" && more, reason };
}
