// The DLQ browser's form, as typed, turned into what the server takes: the browse input of a
// bounded read, and the range selection of "redrive all matching the filter". Pure. Every filter
// value stays a plain string the server compares as a string: nothing here becomes a regex.
import { DEFAULT_RECORDS, MAX_RECORDS, type RangePoint, type RecordFilter } from "@/server/observe/dlq";
import { DEFAULT_MAX_REDRIVES, type RedriveSelection } from "@/server/observe/redrive";

export type RangeKind = "offset" | "time";
export type MatchMode = "equals" | "contains";

/** The form's fields as the inputs hold them: text, so a half-typed value is never lost. */
export interface DlqForm {
  max: string;
  rangeKind: RangeKind;
  /** An offset, or a local date-time (`YYYY-MM-DDTHH:MM[:SS]`, as `<input type="datetime-local">` gives it). */
  from: string;
  to: string;
  /** "0, 2, 4-6"; blank for every partition. */
  partitions: string;
  newestFirst: boolean;
  key: string;
  keyMode: MatchMode;
  headerName: string;
  headerValue: string;
  headerMode: MatchMode;
  valueContains: string;
  errorClass: string;
  caseInsensitive: boolean;
}

export const emptyForm: DlqForm = {
  max: String(DEFAULT_RECORDS),
  rangeKind: "offset",
  from: "",
  to: "",
  partitions: "",
  newestFirst: false,
  key: "",
  keyMode: "contains",
  headerName: "",
  headerValue: "",
  headerMode: "equals",
  valueContains: "",
  errorClass: "",
  caseInsensitive: false,
};

export type FormErrors = Partial<Record<keyof DlqForm | "topic", string>>;

/** What dlq.browse takes (its zod schema is server/api/routers/dlq/browse-dead-letters.types.ts). */
export interface BrowseInput {
  clusterId: string;
  flowId?: string;
  topic: string;
  partitions?: number[];
  from?: RangePoint;
  to?: RangePoint;
  max: number;
  newestFirst: boolean;
  filter?: RecordFilter;
}

export type RangeSelection = Extract<RedriveSelection, { kind: "range" }>;

/** Redrive limits as the server checks them (server/services/redrive.ts, start-redrive.types.ts). */
export const REDRIVE_LIMITS = { defaultRate: 100, maxRate: 10_000, defaultMaxRedrives: DEFAULT_MAX_REDRIVES, maxMaxRedrives: 100 } as const;

/** Longest filter text the server accepts. */
const MAX_TEXT = 1000;
const MAX_PARTITIONS = 10_000;
const WHOLE = /^\d{1,15}$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** A non-negative whole number, or null. */
export function parseWholeNumber(text: string): number | null {
  const t = text.trim();
  return WHOLE.test(t) ? Number(t) : null;
}

/** "0, 2 4-6" → [0, 2, 4, 5, 6]; [] when blank; null when unreadable or too many. */
export function parsePartitions(text: string): number[] | null {
  const out = new Set<number>();
  for (const part of text.split(/[\s,]+/)) {
    if (!part) continue;
    const dash = part.indexOf("-");
    if (dash < 0) {
      const n = parseWholeNumber(part);
      if (n === null) return null;
      out.add(n);
      continue;
    }
    const lo = parseWholeNumber(part.slice(0, dash));
    const hi = parseWholeNumber(part.slice(dash + 1));
    if (lo === null || hi === null || hi < lo || hi - lo >= MAX_PARTITIONS) return null;
    for (let p = lo; p <= hi; p++) out.add(p);
    if (out.size > MAX_PARTITIONS) return null;
  }
  return out.size > MAX_PARTITIONS ? null : [...out].sort((a, b) => a - b);
}

/** A `datetime-local` value in the browser's time zone as ms since the epoch; null when it is not one. */
export function parseLocalDateTime(text: string): number | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as number[];
  const date = new Date(y!, mo! - 1, d!, h!, mi!, s!, ms!);
  // Reject 2024-02-30 and friends rather than rolling them over.
  if (date.getFullYear() !== y || date.getMonth() !== mo! - 1 || date.getDate() !== d || date.getHours() !== h || date.getMinutes() !== mi) return null;
  const t = date.getTime();
  return t >= 0 ? t : null;
}

/** ms since the epoch as a `datetime-local` value in the browser's time zone. */
export function toLocalDateTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const tooLong = (s: string) => s.length > MAX_TEXT;

/** The filter the form describes; undefined when it filters nothing. Blank fields are left out. */
export function formFilter(form: DlqForm): { filter?: RecordFilter; errors: FormErrors } {
  const errors: FormErrors = {};
  const filter: RecordFilter = {};
  if (form.key !== "") filter.key = form.keyMode === "equals" ? { equals: form.key } : { contains: form.key };
  const headerName = form.headerName.trim();
  if (headerName) {
    if (headerName.length > 255) errors.headerName = "A header name is at most 255 characters.";
    filter.header = [{ name: headerName, ...(form.headerValue === "" ? {} : form.headerMode === "equals" ? { equals: form.headerValue } : { contains: form.headerValue }) }];
  } else if (form.headerValue !== "") {
    errors.headerName = "Name the header whose value to match.";
  }
  if (form.valueContains !== "") filter.valueContains = form.valueContains;
  if (form.errorClass.trim() !== "") filter.errorClass = form.errorClass.trim();
  for (const field of ["key", "headerValue", "valueContains", "errorClass"] as const) {
    if (tooLong(form[field])) errors[field] = `At most ${MAX_TEXT} characters.`;
  }
  const any = filter.key || filter.header || filter.valueContains !== undefined || filter.errorClass !== undefined;
  if (any && form.caseInsensitive) filter.caseInsensitive = true;
  return { filter: any ? filter : undefined, errors };
}

function rangePoint(form: DlqForm, field: "from" | "to", errors: FormErrors): RangePoint | undefined {
  const text = form[field].trim();
  if (!text) return undefined;
  if (form.rangeKind === "offset") {
    const offset = parseWholeNumber(text);
    if (offset === null) errors[field] = "An offset is a whole number, 0 or more.";
    return offset === null ? undefined : { offset };
  }
  const timeMs = parseLocalDateTime(text);
  if (timeMs === null) errors[field] = "Give a date and time.";
  return timeMs === null ? undefined : { timeMs };
}

function rangeErrors(from: RangePoint | undefined, to: RangePoint | undefined, errors: FormErrors) {
  if (!from || !to) return;
  const a = "offset" in from ? from.offset : from.timeMs;
  const b = "offset" in to ? to.offset : to.timeMs;
  if (b <= a) errors.to = "The end comes after the start.";
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** The bounded read the form asks for, or what is wrong with it, field by field. */
export function browseInput(form: DlqForm, target: { clusterId: string; flowId?: string; topic: string }): Parsed<BrowseInput> {
  const errors: FormErrors = {};
  const topic = target.topic.trim();
  if (!topic) errors.topic = "Choose a dead-letter topic.";
  else if (topic.length > 249) errors.topic = "A topic name is at most 249 characters.";
  const max = parseWholeNumber(form.max);
  if (max === null || max < 1 || max > MAX_RECORDS) errors.max = `Between 1 and ${MAX_RECORDS}.`;
  const partitions = parsePartitions(form.partitions);
  if (partitions === null) errors.partitions = "Partition numbers, separated by commas (ranges like 2-5 too).";
  const from = rangePoint(form, "from", errors);
  const to = rangePoint(form, "to", errors);
  rangeErrors(from, to, errors);
  const f = formFilter(form);
  Object.assign(errors, f.errors);
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      clusterId: target.clusterId,
      ...(target.flowId ? { flowId: target.flowId } : {}),
      topic,
      ...(partitions!.length ? { partitions: partitions! } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      max: max!,
      newestFirst: form.newestFirst,
      ...(f.filter ? { filter: f.filter } : {}),
    },
  };
}

/**
 * "Redrive all matching the filter": the same partitions, range and filter as the read, without
 * its count limit or order. An offset range needs the partition numbers (from the form, or else
 * every partition the read went through), since a redrive range takes offsets per partition.
 */
export function redriveRange(form: DlqForm, knownPartitions: readonly number[]): Parsed<RangeSelection> {
  const errors: FormErrors = {};
  const partitions = parsePartitions(form.partitions);
  if (partitions === null) errors.partitions = "Partition numbers, separated by commas (ranges like 2-5 too).";
  const from = rangePoint(form, "from", errors);
  const to = rangePoint(form, "to", errors);
  rangeErrors(from, to, errors);
  const f = formFilter(form);
  Object.assign(errors, f.errors);
  const byOffset = (from && "offset" in from) || (to && "offset" in to);
  const chosen = partitions?.length ? partitions : byOffset ? [...knownPartitions] : [];
  if (byOffset && !chosen.length && !errors.partitions) errors.partitions = "Read the topic first, or list its partitions, to redrive an offset range.";
  if (Object.keys(errors).length) return { ok: false, errors };
  const off = (p: RangePoint | undefined) => (p && "offset" in p ? p.offset : undefined);
  const time = (p: RangePoint | undefined) => (p && "timeMs" in p ? p.timeMs : undefined);
  const selection: RangeSelection = { kind: "range" };
  if (chosen.length) {
    selection.partitions = chosen.map((partition) => ({
      partition,
      ...(off(from) !== undefined ? { from: off(from) } : {}),
      ...(off(to) !== undefined ? { to: off(to) } : {}),
    }));
  }
  if (time(from) !== undefined) selection.fromTimeMs = time(from);
  if (time(to) !== undefined) selection.toTimeMs = time(to);
  if (f.filter) selection.filter = f.filter;
  return { ok: true, value: selection };
}

/** A sentence for the range and filter, for the redrive summary: "partitions 0, 1, offsets 10–99, value contains “x”". */
export function describeRange(s: RangeSelection): string {
  const parts: string[] = [];
  if (s.partitions?.length) {
    parts.push(`${s.partitions.length === 1 ? "partition" : "partitions"} ${s.partitions.map((p) => p.partition).join(", ")}`);
    const p = s.partitions[0]!;
    if (p.from !== undefined && p.to !== undefined) parts.push(`offsets ${p.from} to ${p.to - 1}`);
    else if (p.from !== undefined) parts.push(`from offset ${p.from}`);
    else if (p.to !== undefined) parts.push(`before offset ${p.to}`);
  } else parts.push("every partition");
  if (s.fromTimeMs !== undefined) parts.push(`from ${new Date(s.fromTimeMs).toISOString()}`);
  if (s.toTimeMs !== undefined) parts.push(`before ${new Date(s.toTimeMs).toISOString()}`);
  const f = s.filter;
  if (f?.key) parts.push(f.key.equals !== undefined ? `key is “${f.key.equals}”` : `key contains “${f.key.contains}”`);
  for (const h of f?.header ?? []) {
    parts.push(h.equals !== undefined ? `header ${h.name} is “${h.equals}”` : h.contains !== undefined ? `header ${h.name} contains “${h.contains}”` : `has header ${h.name}`);
  }
  if (f?.valueContains !== undefined) parts.push(`value contains “${f.valueContains}”`);
  if (f?.errorClass !== undefined) parts.push(`error class is “${f.errorClass}”`);
  if (f?.caseInsensitive) parts.push("ignoring case");
  return parts.join(", ");
}

/** The key of a record in selections and lists. */
export const recordKey = (r: { partition: number; offset: number }) => `${r.partition}/${r.offset}`;
