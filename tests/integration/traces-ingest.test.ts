// Trace ingest and the built-in trace source, on the embedded store and PostgreSQL: OTLP protobuf
// (gzip) and JSON through the /v1/traces route, its refusals, search by every filter, links
// followed both ways, and retention by age and by count.
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/v1/traces/route";
import { opentelemetry } from "@/server/otel/proto/otlp.js";
import type { SpanRecord } from "@/server/otel/source";
import { closeIngestWriters, receiveOtlpTraces } from "@/server/services/traces-ingest";
import { isEmbeddedDatabaseUrl } from "@/server/db/url";
import { builtInTraceSource, insertSpans, pendingPrune, pgSpanWriter, prismaSpanWriter, pruneSpans, resetPruneClock } from "@/server/services/traces-store";
import { spanRecord } from "../support/spans";
import { openStores, type TestStore } from "../support/stores";

const TOKEN = "otlp-test-token-0123456789abcdef";
process.env.FLOWLENS_OTLP_TOKEN = TOKEN;
process.env.FLOWLENS_OTLP_MAX_BODY_BYTES = String(1024 * 1024);
process.env.FLOWLENS_OTLP_MAX_SPANS = "500";
const pb = opentelemetry.proto;

const stores = await openStores();
afterAll(async () => {
  await closeIngestWriters();
  for (const s of stores) await s.stop();
});

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const ns = (ms: number) => BigInt(ms) * 1_000_000n;
let seq = 0;
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

function span(p: Partial<SpanRecord> & { traceId: string }): SpanRecord {
  seq++;
  return spanRecord({ spanId: hex(seq, 16), startNs: ns(NOW), ...p });
}

describe.each(stores.map((s) => [s.kind, s] as const))("built-in trace store (%s)", (_kind, store) => {
  const source = builtInTraceSource(store.db);
  const producerTrace = hex(0xa1, 32);
  const consumerTrace = hex(0xa2, 32);
  const slowTrace = hex(0xa3, 32);
  const oldTrace = hex(0xa4, 32);

  it("stores spans once and finds them by service, topic, group, duration, errors and time", async () => {
    const send = span({ traceId: producerTrace, service: "orders", name: "orders.created send", kind: 4, topic: "orders.created", startNs: ns(NOW - 1000) });
    const spans = [
      span({ traceId: producerTrace, service: "checkout", name: "POST /checkout", kind: 2, startNs: ns(NOW - 1010), durationNs: 20_000_000n }),
      send,
      span({
        traceId: consumerTrace, service: "billing", name: "orders.created process", kind: 5, topic: "orders.created", consumerGroup: "billing",
        startNs: ns(NOW - 500), statusCode: 2, statusMessage: "card declined",
        links: [{ traceId: producerTrace, spanId: send.spanId, attributes: {} }],
      }),
      span({ traceId: slowTrace, service: "reports", name: "build", startNs: ns(NOW - 200), durationNs: 900_000_000n }),
      span({ traceId: oldTrace, service: "orders", startNs: ns(NOW - 3_600_000) }),
    ];
    expect(await insertSpans(store.db, spans)).toBe(5);
    expect(await insertSpans(store.db, spans)).toBe(0); // an exporter's retry adds nothing

    const range = { fromMs: NOW - 60_000, toMs: NOW };
    const ids = async (q: Partial<Parameters<typeof source.search>[0]>) => (await source.search({ ...range, ...q })).map((t) => t.traceId);
    expect(await ids({})).toEqual([slowTrace, consumerTrace, producerTrace]);
    expect(await ids({ service: "orders" })).toEqual([producerTrace]);
    expect(await ids({ topic: "orders.created" })).toEqual([consumerTrace, producerTrace]);
    expect(await ids({ consumerGroup: "billing" })).toEqual([consumerTrace]);
    expect(await ids({ errorsOnly: true })).toEqual([consumerTrace]);
    expect(await ids({ minDurationMs: 500 })).toEqual([slowTrace]);
    expect(await ids({ fromMs: NOW - 2 * 3_600_000, toMs: NOW - 60_000 })).toEqual([oldTrace]);
    expect(await ids({ service: "nobody" })).toEqual([]);

    const [summary] = await source.search({ ...range, service: "orders" });
    expect(summary).toMatchObject({
      traceId: producerTrace, rootService: "checkout", rootName: "POST /checkout", startMs: NOW - 1010,
      durationMs: 20, spanCount: 2, errorCount: 0, services: ["checkout", "orders"], topics: ["orders.created"],
    });
  });

  it("returns a trace's spans with attributes, events and links, and follows links both ways", async () => {
    const trace = await source.getTrace(consumerTrace);
    expect(trace).toHaveLength(1);
    expect(trace[0]).toMatchObject({ service: "billing", statusCode: 2, statusMessage: "card declined", consumerGroup: "billing", topic: "orders.created" });
    expect(trace[0]!.links[0]!.traceId).toBe(producerTrace);
    expect(await source.linkedTraceIds(consumerTrace)).toEqual([producerTrace]);
    expect(await source.linkedTraceIds(producerTrace)).toEqual([consumerTrace]);
    expect(await source.getTrace(hex(0xdead, 32))).toEqual([]);
  });

  it("stores every span when many exports arrive at once (they share statements)", async () => {
    // The writer POST /v1/traces uses: its own connection to PostgreSQL, the app's one connection to the embedded store.
    const writer = isEmbeddedDatabaseUrl(store.url) ? prismaSpanWriter(store.db) : pgSpanWriter(store.url);
    try {
      const traces = Array.from({ length: 8 }, (_, i) => hex(0xb0 + i, 32));
      await Promise.all(traces.map((traceId, i) => writer.append(Array.from({ length: 50 }, (_, j) => span({ traceId, startNs: ns(NOW - 10_000 - i * 10 - j) })))));
      for (const t of traces) expect(await source.getTrace(t)).toHaveLength(50);
      // An export sent twice (a retry) is stored once.
      await writer.append((await source.getTrace(traces[0]!)).slice(0, 10));
      expect(await source.getTrace(traces[0]!)).toHaveLength(50);
      // A batch partly stored already: the new spans are stored, and counted, the others skipped.
      const again = (await source.getTrace(traces[1]!)).slice(0, 10);
      const fresh = Array.from({ length: 5 }, (_, j) => span({ traceId: traces[1]!, startNs: ns(NOW - 9_000 - j) }));
      expect(await writer.insert([...again, ...fresh])).toBe(5);
      expect(await source.getTrace(traces[1]!)).toHaveLength(55);
      await store.db.$executeRaw`DELETE FROM "span" WHERE "traceId" = ANY(${traces}::text[])`;
    } finally {
      await writer.close();
    }
  });

  it("keeps spans for the retention time and at most the configured count, oldest going first", async () => {
    const before = (await source.search({ fromMs: 0, toMs: NOW, limit: 200 })).length;
    expect(before).toBe(4);
    // 30 minutes of retention: the trace from an hour ago goes.
    expect((await pruneSpans(store.db, { retentionHours: 0.5, maxSpans: 1000 }, NOW)).deletedByAge).toBe(1);
    expect(await source.getTrace(oldTrace)).toEqual([]);
    // Three spans at most: the oldest (the checkout request) goes.
    expect((await pruneSpans(store.db, { retentionHours: 72, maxSpans: 3 }, NOW)).deletedByCount).toBe(1);
    const left = await source.search({ fromMs: 0, toMs: NOW, limit: 200 });
    expect(left.map((t) => t.spanCount).reduce((a, b) => a + b, 0)).toBe(3);
    expect((await source.getTrace(producerTrace)).map((s) => s.service)).toEqual(["orders"]);
  });

  it("stores a process's resource once, returns it with each of its spans, and drops it with its last span", async () => {
    const count = async (table: string) => Number((await store.db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "${table}"`))[0]!.n);
    // What the JS SDK's default detectors put on every span a process sends.
    const resource = {
      "service.name": "shipping", "service.version": "2.0.1", "telemetry.sdk.language": "nodejs", "telemetry.sdk.version": "2.2.0",
      "process.pid": 4242, "process.command_args": ["/usr/local/bin/node", "/srv/app/index.js"], "host.name": "shipping-5d9f",
    };
    const resourcesBefore = await count("span_resource");
    const linksBefore = await count("span_link");
    const a = hex(0xc1, 32);
    const b = hex(0xc2, 32);
    const first = span({ traceId: a, service: "shipping", resource, startNs: ns(NOW - 2 * 3_600_000) });
    // The same resource sent again as another object (another request), and a link within the trace.
    const second = span({ traceId: a, service: "shipping", resource: { ...resource }, startNs: ns(NOW - 2 * 3_600_000 + 5), links: [{ traceId: a, spanId: first.spanId, attributes: {} }] });
    const third = span({ traceId: b, service: "shipping", resource, startNs: ns(NOW - 2 * 3_600_000 + 9), links: [{ traceId: producerTrace, spanId: hex(1, 16), attributes: {} }] });
    expect(await insertSpans(store.db, [first])).toBe(1);
    expect(await insertSpans(store.db, [second, third])).toBe(2);
    expect(await count("span_resource")).toBe(resourcesBefore + 1);
    const trace = await source.getTrace(a);
    expect(trace.map((s) => s.resource)).toEqual([resource, resource]);
    // The link within the trace is kept on the span (the waterfall draws it); only the one to another trace is indexed.
    expect(trace[1]!.links).toEqual([{ traceId: a, spanId: first.spanId, attributes: {} }]);
    expect(await count("span_link")).toBe(linksBefore + 1);
    expect(await source.linkedTraceIds(producerTrace)).toContain(b);
    // Two hours old: retention of one hour drops the spans, their link and, with its last span, the resource.
    expect((await pruneSpans(store.db, { retentionHours: 1, maxSpans: 1000 }, NOW)).deletedByAge).toBe(3);
    expect(await source.getTrace(a)).toEqual([]);
    expect(await count("span_resource")).toBe(resourcesBefore);
    expect((await source.getTrace(producerTrace))[0]!.resource).toEqual({ "service.name": "orders" });
  });
});

// --- the /v1/traces route --------------------------------------------------------------------------

/** The route handler writes to the app database (DATABASE_URL, else the embedded store's URL); point it at the store under test. */
function useStore(store: TestStore) {
  if (process.env.DATABASE_URL) throw new Error("unset DATABASE_URL: this test points the route at its own databases");
  process.env.FLOWLENS_EMBEDDED_DATABASE_URL = store.url;
}

const kv = (key: string, v: string | number) => ({ key, value: typeof v === "string" ? { stringValue: v } : { intValue: v } });
const bytes = (h: string) => Uint8Array.from(Buffer.from(h, "hex"));
const nanos = (ms: number) => (BigInt(ms) * 1_000_000n).toString() as unknown as number;

function post(body: BodyInit, headers: Record<string, string>) {
  return POST(new Request("http://localhost/v1/traces", { method: "POST", body, headers: { authorization: `Bearer ${TOKEN}`, ...headers } }));
}

describe.each(stores.map((s) => [s.kind, s] as const))("POST /v1/traces (%s)", (_kind, store) => {
  const source = builtInTraceSource(store.db);
  const t0 = Date.now() - 5_000;
  const producerTrace = "0af7651916cd43dd8448eb211c80319c";
  const consumerTrace = "5b8efff798038103d269b633813fc60c";
  const sendSpan = "b7ad6b7169203331";

  it("stores a gzipped protobuf export and answers with an ExportTraceServiceResponse", async () => {
    useStore(store);
    const req = pb.collector.trace.v1.ExportTraceServiceRequest.encode({
      resourceSpans: [
        {
          resource: { attributes: [kv("service.name", "orders")] },
          scopeSpans: [
            {
              spans: [
                { traceId: bytes(producerTrace), spanId: bytes("aaaaaaaaaaaaaaa1"), name: "POST /orders", kind: 2, startTimeUnixNano: nanos(t0), endTimeUnixNano: nanos(t0 + 30) },
                {
                  traceId: bytes(producerTrace), spanId: bytes(sendSpan), parentSpanId: bytes("aaaaaaaaaaaaaaa1"), name: "orders.created send", kind: 4,
                  startTimeUnixNano: nanos(t0 + 10), endTimeUnixNano: nanos(t0 + 12),
                  attributes: [kv("messaging.system", "kafka"), kv("messaging.destination.name", "orders.created")],
                },
              ],
            },
          ],
        },
      ],
    }).finish();
    const res = await post(gzipSync(req), { "content-type": "application/x-protobuf", "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
    const answer = pb.collector.trace.v1.ExportTraceServiceResponse.decode(new Uint8Array(await res.arrayBuffer()));
    expect(answer.partialSuccess).toBeFalsy();
    const trace = await source.getTrace(producerTrace);
    expect(trace.map((s) => [s.name, s.service, s.topic])).toEqual([
      ["POST /orders", "orders", null],
      ["orders.created send", "orders", "orders.created"],
    ]);
  });

  it("stores an OTLP/JSON export with the older attribute names, linked to the producer's trace", async () => {
    useStore(store);
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [kv("service.name", "billing")] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: consumerTrace, spanId: "ccccccccccccccc1", name: "orders.created process", kind: 5,
                  startTimeUnixNano: String(nanos(t0 + 100)), endTimeUnixNano: String(nanos(t0 + 400)),
                  attributes: [kv("messaging.destination", "orders.created"), kv("messaging.kafka.consumer.group", "billing"), kv("messaging.kafka.partition", 1)],
                  status: { code: 2, message: "card declined" },
                  events: [{ timeUnixNano: String(nanos(t0 + 300)), name: "exception", attributes: [kv("exception.type", "CardDeclined")] }],
                  links: [{ traceId: producerTrace, spanId: sendSpan }],
                },
                // Rejected: its span id is not 8 bytes.
                { traceId: consumerTrace, spanId: "abc", name: "broken" },
              ],
            },
          ],
        },
      ],
    };
    const res = await post(JSON.stringify(body), { "content-type": "application/json; charset=utf-8" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ partialSuccess: { rejectedSpans: "1", errorMessage: expect.stringMatching(/1 span\(s\) rejected/) } });

    const range = { fromMs: t0 - 1000, toMs: t0 + 1000 };
    expect((await source.search({ ...range, consumerGroup: "billing" })).map((t) => t.traceId)).toEqual([consumerTrace]);
    expect((await source.search({ ...range, topic: "orders.created" })).map((t) => t.traceId)).toEqual([consumerTrace, producerTrace]);
    expect((await source.search({ ...range, errorsOnly: true, minDurationMs: 250 })).map((t) => t.traceId)).toEqual([consumerTrace]);
    const [span] = await source.getTrace(consumerTrace);
    expect(span).toMatchObject({ partition: 1, statusMessage: "card declined", events: [{ name: "exception", attributes: { "exception.type": "CardDeclined" } }] });
    // The producer and the consumer are stitched together from either side.
    expect(await source.linkedTraceIds(consumerTrace)).toEqual([producerTrace]);
    expect(await source.linkedTraceIds(producerTrace)).toEqual([consumerTrace]);
  });

  it("refuses requests without the token, of other types, too large or with too many spans", async () => {
    useStore(store);
    const json = { "content-type": "application/json" };
    const noAuth = await POST(new Request("http://localhost/v1/traces", { method: "POST", body: "{}", headers: json }));
    expect(noAuth.status).toBe(401);
    expect(await noAuth.text()).toMatch(/Authorization: Bearer/);
    expect((await post("{}", { ...json, authorization: "Bearer not-the-token-at-all-000000" })).status).toBe(401);

    const xml = await post("<spans/>", { "content-type": "application/xml" });
    expect(xml.status).toBe(415);
    expect(await xml.text()).toMatch(/application\/x-protobuf or application\/json/);
    expect((await post("{}", { ...json, "content-encoding": "br" })).status).toBe(415);

    const big = await post("x".repeat(1024 * 1024 + 1), json);
    expect(big.status).toBe(413);
    expect(await big.text()).toMatch(/FLOWLENS_OTLP_MAX_BODY_BYTES/);
    // A small gzip body that inflates past the limit is stopped too.
    const bomb = await post(gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)), { ...json, "content-encoding": "gzip" });
    expect(bomb.status).toBe(413);

    const many = {
      resourceSpans: [{ scopeSpans: [{ spans: Array.from({ length: 501 }, (_, i) => ({ traceId: "f".repeat(32), spanId: (i + 1).toString(16).padStart(16, "0"), name: "s" })) }] }],
    };
    const tooMany = await post(JSON.stringify(many), json);
    expect(tooMany.status).toBe(413);
    expect(await tooMany.text()).toMatch(/501 spans in one request; the limit is 500/);
    expect(await source.getTrace("f".repeat(32))).toEqual([]);

    const notJson = await post("{", json);
    expect(notJson.status).toBe(400);
    const notProto = await post(new Uint8Array([0x0a, 0xff, 0xff]), { "content-type": "application/x-protobuf" });
    expect(notProto.status).toBe(400);
  });

  it("says how to turn ingest on when no token is configured", async () => {
    const res = await receiveOtlpTraces(prismaSpanWriter(store.db), { headers: new Headers({ "content-type": "application/json" }), body: null }, { token: null });
    expect(res.status).toBe(503);
    expect(res.body).toMatch(/set FLOWLENS_OTLP_TOKEN/);
  });

  it("prunes after ingest at most once a minute", async () => {
    resetPruneClock();
    const at = (ms: number) => () => ms;
    const headers = new Headers({ authorization: `Bearer ${TOKEN}`, "content-type": "application/json" });
    const one = (id: number, ms: number) =>
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: id.toString(16).padStart(32, "e"), spanId: "1".repeat(16), name: "r", startTimeUnixNano: String(nanos(ms)) }] }] }] });
    const send = async (body: string, now: number) => {
      const r = await receiveOtlpTraces(prismaSpanWriter(store.db), { headers, body: new Response(body).body }, { now: at(now), retention: { retentionHours: 72, maxSpans: 2 } });
      expect(r.status).toBe(200);
      await pendingPrune();
    };
    const total = async () => (await source.search({ fromMs: 0, toMs: now + 60_000, limit: 200 })).reduce((n, t) => n + t.spanCount, 0);
    // Later than every span the other tests stored, so these are the newest.
    const now = NOW + 3_600_000;
    await send(one(1, now), now);
    expect(await total()).toBe(2); // the first ingest pruned to the newest two spans
    await send(one(2, now + 1), now + 30_000);
    expect(await total()).toBe(3); // no prune within the minute
    await send(one(3, now + 2), now + 61_000);
    expect(await total()).toBe(2);
  });
});
