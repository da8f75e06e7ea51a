import { describe, expect, it } from "vitest";
import {
  browseRecords,
  deadLetterTopics,
  DISPLAY_LIMIT_BYTES,
  isDeadLetterTopicName,
  matchesFilter,
  prettyJson,
  toBase64,
  toRecordView,
  type BrowseEvent,
  type RecordFilter,
  type RecordSource,
  type WireRecord,
} from "./dlq";

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);

function record(over: Partial<Omit<WireRecord, "headers">> & { headers?: Record<string, string | Uint8Array | null> } = {}): WireRecord {
  const { headers, ...rest } = over;
  return {
    topic: "orders.dlq",
    partition: 0,
    offset: 7,
    timestampMs: 1_700_000_000_000,
    key: bytes("order-1"),
    value: bytes('{"id":1}'),
    ...rest,
    headers: Object.entries(headers ?? {}).map(([key, v]) => ({ key, value: v === null ? null : typeof v === "string" ? bytes(v) : v })),
  };
}

const deadLettered = (over: Parameters<typeof record>[0] = {}) =>
  record({
    ...over,
    headers: {
      "x-original-topic": "orders",
      "x-original-partition": "2",
      "x-original-offset": "9007199254740",
      "x-error-class": "SchemaValidationError",
      "x-error-message": "amount must be >= 0",
      "x-attempts": "3",
      "x-failed-at": "2026-11-24T10:00:00.000Z",
      ...over.headers,
    },
  });

describe("dead-letter topic names", () => {
  it("recognises .dlq, -dlq and .DLT without regard to case, and nothing else", () => {
    for (const n of ["orders.dlq", "payments-dlq", "orders.DLT", "orders.DLQ", "Payments-DLQ", "orders.dlt"]) expect(isDeadLetterTopicName(n), n).toBe(true);
    for (const n of ["orders", "dlq", ".dlq", "-dlq", ".DLT", "orders.dlq.retry", "orders_dlq", "ordersdlq", "dlq.orders", "orders.dl", ""]) {
      expect(isDeadLetterTopicName(n), n).toBe(false);
    }
  });

  it("lists designed DLQs whatever their name and cluster topics named like DLQs, once each, sorted", () => {
    const list = deadLetterTopics(["failed-orders", "orders.dlq", "orders.dlq", "<script>alert(1)</script>"], ["orders", "orders.dlq", "payments-dlq", "audit.DLT", "__consumer_offsets"]);
    expect(list).toEqual([
      { topic: "<script>alert(1)</script>", designed: true, onCluster: false },
      { topic: "audit.DLT", designed: false, onCluster: true },
      { topic: "failed-orders", designed: true, onCluster: false },
      { topic: "orders.dlq", designed: true, onCluster: true },
      { topic: "payments-dlq", designed: false, onCluster: true },
    ]);
  });
});

describe("record views", () => {
  it("re-indents JSON values and keeps every digit of large numbers and repeated keys", () => {
    const sent = '{"id":12345678901234567890,"a":[],"b":{},"s":"x,y:{z}","a":[1, 2]}';
    const v = toRecordView(record({ value: bytes(sent) }));
    expect(v.value).toEqual({
      kind: "json",
      bytes: sent.length,
      truncated: false,
      text: '{\n  "id": 12345678901234567890,\n  "a": [],\n  "b": {},\n  "s": "x,y:{z}",\n  "a": [\n    1,\n    2\n  ]\n}',
    });
    expect(prettyJson('["a\\"]", {"k" : null}]')).toBe('[\n  "a\\"]",\n  {\n    "k": null\n  }\n]');
    // A string ending in an escaped backslash ends at its quote.
    expect(prettyJson('{"a":"x\\\\","b":[ ],"c":-1.5e3}')).toBe('{\n  "a": "x\\\\",\n  "b": [],\n  "c": -1.5e3\n}');
  });

  it("shows hostile text verbatim as text, never as markup or a link", () => {
    for (const s of ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)"]) {
      const v = toRecordView(record({ key: bytes(s), value: bytes(s), headers: { "x-error-message": s } }));
      expect(v.key).toEqual({ kind: "text", text: s, bytes: s.length, truncated: false });
      expect(v.value).toEqual({ kind: "text", text: s, bytes: s.length, truncated: false });
      expect(v.headers).toEqual([{ key: "x-error-message", value: { kind: "text", text: s, bytes: s.length, truncated: false } }]);
      expect(v.deadLetter?.errorMessage).toBe(s);
    }
    // Inside JSON the same text stays a JSON string, unchanged.
    const json = toRecordView(record({ value: bytes('{"html":"<img src=x onerror=alert(1)>"}') }));
    expect(json.value).toMatchObject({ kind: "json", text: '{\n  "html": "<img src=x onerror=alert(1)>"\n}' });
  });

  it("shows invalid UTF-8 and control characters as hex and base64", () => {
    const v = toRecordView(record({ key: new Uint8Array([0xff, 0xfe]), value: new Uint8Array([0x68, 0x69, 0xff, 0xfe, 0x00]), headers: { trace: new Uint8Array([0xc3]) } }));
    expect(v.key).toEqual({ kind: "binary", hex: "fffe", base64: "//4=", bytes: 2, truncated: false });
    expect(v.value).toEqual({ kind: "binary", hex: "6869fffe00", base64: "aGn//gA=", bytes: 5, truncated: false });
    expect(v.headers[0]!.value).toMatchObject({ kind: "binary", hex: "c3" });
    expect(toRecordView(record({ value: bytes("ok\u0000\u001b[31mred") })).value).toMatchObject({ kind: "binary" });
    expect(toRecordView(record({ value: bytes("tabs\tand\nlines\r\n") })).value).toMatchObject({ kind: "text", text: "tabs\tand\nlines\r\n" });
    for (const n of [0, 1, 2, 3, 4, 5, 100]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 200) % 256);
      expect(toBase64(b)).toBe(Buffer.from(b).toString("base64"));
    }
  });

  it("truncates a 1 MB value for display and reports its real size", () => {
    const big = "é".repeat(512 * 1024); // 2 bytes each: 1 MiB, and a cut could split a character
    const v = toRecordView(record({ value: bytes(`{"blob":"${big}"}`) }));
    expect(v.value!.kind).toBe("text");
    expect(v.value).toMatchObject({ bytes: 1024 * 1024 + 11, truncated: true });
    const text = (v.value as { text: string }).text;
    expect(enc.encode(text).length).toBeLessThanOrEqual(DISPLAY_LIMIT_BYTES);
    expect(enc.encode(text).length).toBeGreaterThan(DISPLAY_LIMIT_BYTES - 4);
    expect(text).not.toContain("\uFFFD");
    expect(text.startsWith('{"blob":"éé')).toBe(true);

    const bin = toRecordView(record({ value: new Uint8Array(1024 * 1024).fill(0xff) })).value;
    expect(bin).toMatchObject({ kind: "binary", bytes: 1024 * 1024, truncated: true });
    expect((bin as { hex: string }).hex).toHaveLength(DISPLAY_LIMIT_BYTES * 2);
  });

  it("keeps absent keys, values and header values apart from empty ones", () => {
    const v = toRecordView(record({ key: null, value: new Uint8Array(0), headers: { empty: null } }));
    expect(v.key).toBeNull();
    expect(v.value).toEqual({ kind: "text", text: "", bytes: 0, truncated: false });
    expect(v.headers).toEqual([{ key: "empty", value: null }]);
  });

  it("parses the dead-letter headers the stubs write, and the redrive count", () => {
    expect(toRecordView(deadLettered()).deadLetter).toEqual({
      originalTopic: "orders",
      originalPartition: 2,
      originalOffset: 9007199254740,
      errorClass: "SchemaValidationError",
      errorMessage: "amount must be >= 0",
      attempts: 3,
      failedAt: "2026-11-24T10:00:00.000Z",
      redriveCount: 0,
    });
    expect(toRecordView(deadLettered({ headers: { "x-flowlens-redrive-count": "2", "x-attempts": "three", "x-original-partition": "-1" } })).deadLetter).toMatchObject({
      redriveCount: 2,
      attempts: null,
      originalPartition: null,
    });
    expect(toRecordView(record({ headers: { traceparent: "00-abc" } })).deadLetter).toBeNull();
  });
});

describe("filters", () => {
  const r = deadLettered({ key: bytes("Order-42"), value: bytes('{"note":"price .*( [a-z]+ $1","n":1}'), headers: { tenant: "ACME", tenant2: new Uint8Array([0xff]) } });
  const passes = (f: RecordFilter) => matchesFilter(r, f);

  it("matches keys exactly or by substring, optionally without regard to case", () => {
    expect(passes({ key: { equals: "Order-42" } })).toBe(true);
    expect(passes({ key: { equals: "order-42" } })).toBe(false);
    expect(passes({ key: { equals: "order-42" }, caseInsensitive: true })).toBe(true);
    expect(passes({ key: { contains: "der-4" } })).toBe(true);
    expect(passes({ key: { contains: "der-5" } })).toBe(false);
    expect(matchesFilter(record({ key: null }), { key: { contains: "" } })).toBe(false);
    expect(matchesFilter(record({ key: new Uint8Array([0xde, 0xad, 0xff]) }), { key: { equals: "deadff" } })).toBe(true);
  });

  it("treats regex metacharacters literally", () => {
    expect(passes({ valueContains: ".*(" })).toBe(true);
    expect(passes({ valueContains: "[a-z]+ $1" })).toBe(true);
    expect(passes({ valueContains: "p.ice" })).toBe(false);
    expect(passes({ valueContains: ".*" + "x" })).toBe(false);
    expect(passes({ key: { contains: "Order-4." } })).toBe(false);
    expect(passes({ key: { contains: "(" } })).toBe(false);
    expect(passes({ errorClass: ".*" })).toBe(false);
    expect(passes({ header: [{ name: "x-.*", contains: "" }] })).toBe(false);
  });

  it("matches headers by name and value, all of them together", () => {
    expect(passes({ header: [{ name: "tenant", equals: "ACME" }] })).toBe(true);
    expect(passes({ header: [{ name: "tenant", equals: "acme" }] })).toBe(false);
    expect(passes({ header: [{ name: "TENANT", equals: "acme" }], caseInsensitive: true })).toBe(true);
    expect(passes({ header: [{ name: "tenant" }] })).toBe(true);
    expect(passes({ header: [{ name: "missing" }] })).toBe(false);
    expect(passes({ header: [{ name: "tenant2", equals: "ff" }] })).toBe(true);
    expect(passes({ header: [{ name: "tenant", contains: "CM" }, { name: "x-original-topic", equals: "orders" }] })).toBe(true);
    expect(passes({ header: [{ name: "tenant", contains: "CM" }, { name: "x-original-topic", equals: "payments" }] })).toBe(false);
  });

  it("matches the value as sent and the error class whole", () => {
    expect(passes({ valueContains: '"n":1' })).toBe(true);
    expect(passes({ valueContains: '"n": 1' })).toBe(false);
    expect(passes({ errorClass: "SchemaValidationError" })).toBe(true);
    expect(passes({ errorClass: "Schema" })).toBe(false);
    expect(passes({ errorClass: "schemavalidationerror", caseInsensitive: true })).toBe(true);
    expect(matchesFilter(record(), { errorClass: "SchemaValidationError" })).toBe(false);
    expect(passes({ errorClass: "SchemaValidationError", valueContains: "nothing like this" })).toBe(false);
    expect(passes({})).toBe(true);
  });
});

describe("bounded reads over partitions", () => {
  /** Partitions of records at the given offsets (gaps allowed), timestamps from `at`. */
  function source(parts: { offsets: number[]; at: (offset: number) => number }[]) {
    const fetched: number[] = [];
    const logs = parts.map((p, partition) => p.offsets.map((offset) => record({ partition, offset, timestampMs: p.at(offset), key: bytes(`${partition}@${offset}`) })));
    const src: RecordSource = {
      bounds: async () => logs.map((l, partition) => ({ partition, start: l[0]?.offset ?? 0, end: (l.at(-1)?.offset ?? -1) + 1 })),
      offsetForTime: async (_t, timeMs) => new Map(logs.map((l, p) => [p, l.find((r) => r.timestampMs >= timeMs)?.offset ?? (l.at(-1)?.offset ?? -1) + 1])),
      fetchPartition: async (_t, partition, from, to, { max }) => {
        const out = logs[partition]!.filter((r) => r.offset >= from && r.offset < to).slice(0, max);
        fetched.push(out.length);
        return out;
      },
    };
    return { src, fetched };
  }
  async function run(src: RecordSource, o: Partial<Parameters<typeof browseRecords>[1]>, onEvent?: (e: BrowseEvent) => void) {
    const events: BrowseEvent[] = [];
    for await (const e of browseRecords(src, { topic: "t.dlq", ...o })) {
      events.push(e);
      onEvent?.(e);
    }
    const keys = events.flatMap((e) => (e.type === "data" ? e.records.map((r) => (r.key as { text: string }).text) : []));
    return { events, keys, done: events.find((e) => e.type === "done"), error: events.find((e) => e.type === "error") };
  }
  const range = (n: number, step = 1) => Array.from({ length: n }, (_, i) => i * step);

  it("merges partitions by timestamp, oldest or newest first, across gaps", async () => {
    // Partition 0 has every other offset (compaction); partition 1 is interleaved in time with it.
    const { src } = source([
      { offsets: range(5, 2), at: (o) => 1000 + o * 10 },
      { offsets: range(5), at: (o) => 1005 + o * 20 },
    ]);
    const oldest = await run(src, { max: 6 });
    expect(oldest.keys).toEqual(["0@0", "1@0", "0@2", "1@1", "0@4", "1@2"]);
    expect(oldest.done).toEqual({ type: "done", scanned: 6, matched: 6, truncated: false, reason: "max" });
    const newest = await run(src, { max: 4, newestFirst: true });
    expect(newest.keys).toEqual(["1@4", "0@8", "1@3", "0@6"]);
    const all = await run(src, { max: 100, newestFirst: true });
    expect(all.keys).toHaveLength(10);
    expect(all.done).toMatchObject({ reason: "end", scanned: 10, matched: 10 });
  });

  it("reads newest first in pages from the end, not the whole partition", async () => {
    const { src, fetched } = source([{ offsets: range(10_000), at: (o) => o }]);
    const r = await run(src, { max: 3, newestFirst: true });
    expect(r.keys).toEqual(["0@9999", "0@9998", "0@9997"]);
    expect(fetched.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(50);
  });

  it("counts every record read against the scan limit and says the read was cut short", async () => {
    const { src, fetched } = source([{ offsets: range(5000), at: (o) => o }, { offsets: range(5000), at: (o) => o }]);
    const r = await run(src, { max: 10, filter: { valueContains: "nothing like this" }, scanLimit: 1500 });
    expect(r.keys).toEqual([]);
    expect(r.done).toEqual({ type: "done", scanned: 1500, matched: 0, truncated: true, reason: "scan-limit" });
    expect(fetched.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2500);
    const wide = await run(src, { max: 10, filter: { valueContains: "nothing like this" } });
    expect(wide.done).toMatchObject({ scanned: 10_000, truncated: false, reason: "end" });
  });

  it("stops when aborted, and reports a missing partition as an error", async () => {
    const { src } = source([{ offsets: range(5000), at: (o) => o }]);
    const ac = new AbortController();
    const r = await run(src, { max: 1000, filter: { key: { equals: "none" } }, signal: ac.signal }, (e) => {
      if (e.type === "progress" && e.scanned > 0) ac.abort();
    });
    expect(r.done).toMatchObject({ reason: "aborted" });
    expect((r.done as { scanned: number }).scanned).toBeLessThan(5000);
    expect((await run(src, { partitions: [3] })).error).toEqual({ type: "error", message: 'Topic "t.dlq" has no partition 3 (it has 1).' });
  });

  it("applies offset and time ranges per partition", async () => {
    const { src } = source([
      { offsets: range(20), at: (o) => 100 + o },
      { offsets: range(20), at: (o) => 200 + o },
    ]);
    expect((await run(src, { partitions: [1], from: { offset: 3 }, to: { offset: 6 } })).keys).toEqual(["1@3", "1@4", "1@5"]);
    expect((await run(src, { from: { timeMs: 117 }, to: { timeMs: 202 } })).keys).toEqual(["0@17", "0@18", "0@19", "1@0", "1@1"]);
  });
});
