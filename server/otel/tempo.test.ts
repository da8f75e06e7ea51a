// The Tempo trace source against recorded HTTP API answers (server/otel/fixtures/tempo). Their shape
// follows grafana/tempo: docs/sources/tempo/api_docs/_index.md for /api/search (traces with
// traceID without leading zeros, rootServiceName, rootTraceName, startTimeUnixNano as a string,
// durationMs, spanSet/spanSets, serviceStats; an empty result leaves `traces` out, as protobuf JSON
// does) and cmd/tempo-vulture/testdata/trace.json plus pkg/tempopb/tempo.proto (`Trace.batches`)
// for /api/traces/{id}: OTLP JSON with base64 ids and enum names. Scenario as in jaeger.test.ts.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPortBase, localServer } from "../../tests/support/http";
import type { TraceQuery } from "./source";
import { buildTraceQL, tempoTraceSource, traceqlString, TraceSourceError } from "./tempo";

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/tempo/${name}`, import.meta.url), "utf8");

const PRODUCER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const PUBLISH_SPAN = "b7ad6b7169203331";
const CONSUMER_TRACE = "0000000000000000a3ce929d0e0e4736";
const T0_MS = 1763897401123.456;
const RANGE = { fromMs: 1763893801500, toMs: 1763897461200 };

type Route = (url: URL) => { status?: number; body: string; type?: string } | undefined;

function replay(route: Route) {
  const calls: URL[] = [];
  const fetchFn = (async (input: string | URL | Request) => {
    const url = new URL(input instanceof Request ? input.url : input);
    calls.push(url);
    const hit = route(url);
    if (!hit) return new Response("404 page not found\n", { status: 404 });
    return new Response(hit.body, { status: hit.status ?? 200, headers: { "content-type": hit.type ?? "application/json" } });
  }) as typeof fetch;
  return { fetch: fetchFn, calls };
}

const standard: Route = (url) => {
  if (url.pathname === "/api/search") return { body: fixture("search-orders.json") };
  if (url.pathname === `/api/traces/${CONSUMER_TRACE}`) return { body: fixture("trace-consumer.json") };
  if (url.pathname === `/api/traces/${PRODUCER_TRACE}`) return { body: fixture("trace-producer.json") };
  if (url.pathname.startsWith("/api/traces/")) return { status: 404, body: "trace not found", type: "text/plain" };
  return undefined;
};

describe("TraceQL", () => {
  it("quotes values so that input cannot leave the string", () => {
    expect(traceqlString('a" || true')).toBe('"a\\" || true"');
    expect(traceqlString("back\\slash\nline\u0001")).toBe('"back\\\\slash\\nline\\u0001"');
  });

  it("puts each filter in its own spanset, reading both messaging attribute names", () => {
    expect(buildTraceQL({ ...RANGE })).toBe("{}");
    expect(
      buildTraceQL({ ...RANGE, service: "order-service", topic: 'a" || true', consumerGroup: "fulfilment", errorsOnly: true, minDurationMs: 250 }),
    ).toBe(
      '{ resource.service.name = "order-service" }' +
        ' && { span.messaging.destination.name = "a\\" || true" || span.messaging.destination = "a\\" || true" }' +
        ' && { span.messaging.consumer.group.name = "fulfilment" || span.messaging.kafka.consumer.group = "fulfilment" }' +
        " && { status = error } && { duration >= 250ms }",
    );
    expect(buildTraceQL({ ...RANGE, minDurationMs: 0.5 })).toBe("{ duration >= 500us }");
  });
});

describe("tempoTraceSource.search", () => {
  it("sends the TraceQL, whole-second times, limit and minimum duration", async () => {
    const { fetch, calls } = replay(() => ({ body: fixture("search-empty.json") }));
    const q: TraceQuery = { ...RANGE, topic: 'a" || true', minDurationMs: 250, limit: 500 };
    expect(await tempoTraceSource("https://tempo.example/tempo", { fetch }).search(q)).toEqual([]);

    expect(calls).toHaveLength(1);
    expect(calls[0]!.origin + calls[0]!.pathname).toBe("https://tempo.example/tempo/api/search");
    expect(Object.fromEntries(calls[0]!.searchParams)).toEqual({
      q: '{ span.messaging.destination.name = "a\\" || true" || span.messaging.destination = "a\\" || true" } && { duration >= 250ms }',
      start: "1763893801",
      end: "1763897462",
      limit: "200",
      minDuration: "250ms",
    });
  });

  it("summarises search hits newest first, with padded ids, counts from serviceStats and topics under either name", async () => {
    const { fetch } = replay(standard);
    expect(await tempoTraceSource("http://tempo.example:3200", { fetch }).search({ ...RANGE, topic: "orders" })).toEqual([
      {
        traceId: CONSUMER_TRACE,
        rootService: "fulfilment",
        rootName: "orders process",
        startMs: 1763897401127.666,
        durationMs: 152,
        spanCount: 2,
        errorCount: 1,
        services: ["fulfilment"],
        topics: ["orders"],
      },
      {
        traceId: PRODUCER_TRACE,
        rootService: "order-service",
        rootName: "POST /orders",
        startMs: T0_MS,
        durationMs: 8,
        spanCount: 2,
        errorCount: 0,
        services: ["order-service"],
        topics: ["orders"],
      },
    ]);
  });

  it("reads an older Tempo's answer that has only spanSet", async () => {
    const { fetch } = replay(() => ({ body: fixture("search-errors-legacy.json") }));
    const [hit, ...rest] = await tempoTraceSource("http://tempo.example:3200", { fetch }).search({ ...RANGE, errorsOnly: true });
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ traceId: CONSUMER_TRACE, rootService: "fulfilment", errorCount: 1, services: ["fulfilment"] });
  });

  it("finds nothing in an empty answer and keeps to the limit", async () => {
    const empty = replay(() => ({ body: fixture("search-empty.json") }));
    expect(await tempoTraceSource("http://tempo.example:3200", { fetch: empty.fetch }).search({ ...RANGE })).toEqual([]);
    const { fetch } = replay(standard);
    expect((await tempoTraceSource("http://tempo.example:3200", { fetch }).search({ ...RANGE, limit: 1 })).map((t) => t.traceId)).toEqual([CONSUMER_TRACE]);
  });
});

describe("tempoTraceSource.getTrace", () => {
  it("reads Tempo's `batches` answer: base64 ids, link to the producer, error status, older messaging names", async () => {
    const { fetch, calls } = replay(standard);
    const spans = await tempoTraceSource("http://tempo.example:3200", { fetch }).getTrace(CONSUMER_TRACE.toUpperCase());
    expect(calls.map((u) => u.pathname)).toEqual([`/api/traces/${CONSUMER_TRACE}`]);
    expect(spans.map((s) => [s.spanId, s.parentSpanId, s.kind, s.statusCode, s.topic])).toEqual([
      ["e457b5a2e4d86bd1", null, 5, 2, "orders"],
      ["1a2b3c4d5e6f7081", "e457b5a2e4d86bd1", 4, 0, "orders.dlq"],
    ]);
    expect(spans[0]).toMatchObject({
      traceId: CONSUMER_TRACE,
      service: "fulfilment",
      consumerGroup: "fulfilment",
      partition: 2,
      offset: 1042,
      statusMessage: "item discontinued: SKU-0042",
      links: [{ traceId: PRODUCER_TRACE, spanId: PUBLISH_SPAN, attributes: { "messaging.operation": "receive" } }],
    });
    expect(spans[0]?.events.map((e) => e.name)).toEqual(["exception"]);
  });

  it("reads the `resourceSpans` answer too", async () => {
    const { fetch } = replay(standard);
    const spans = await tempoTraceSource("http://tempo.example:3200", { fetch }).getTrace(PRODUCER_TRACE);
    expect(spans.map((s) => [s.name, s.parentSpanId, s.topic])).toEqual([
      ["POST /orders", null, null],
      ["orders publish", "00f067aa0ba902b7", "orders"],
    ]);
  });

  it("answers an unknown trace with no spans and sends no request for a non-hex id", async () => {
    const { fetch, calls } = replay(standard);
    const source = tempoTraceSource("http://tempo.example:3200", { fetch });
    expect(await source.getTrace("1234")).toEqual([]);
    expect(await source.getTrace("x/../../metrics")).toEqual([]);
    expect(calls.map((u) => u.pathname)).toEqual(["/api/traces/00000000000000000000000000001234"]);
  });

  it("lists the traces a trace links to", async () => {
    const { fetch } = replay(standard);
    const source = tempoTraceSource("http://tempo.example:3200", { fetch });
    expect(await source.linkedTraceIds(CONSUMER_TRACE)).toEqual([PRODUCER_TRACE]);
    expect(await source.linkedTraceIds(PRODUCER_TRACE)).toEqual([]);
  });
});

describe("tempoTraceSource errors", () => {
  it("names Tempo and the URL without credentials, with what Tempo said", async () => {
    const { fetch } = replay(() => ({ status: 400, type: "text/plain", body: "invalid TraceQL query: parse error at line 1, col 3: syntax error" }));
    const err = await tempoTraceSource("https://user:tok3n@tempo.example", { fetch }).search({ ...RANGE }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TraceSourceError);
    expect((err as Error).message).toBe(
      "Tempo at https://tempo.example/api/search: HTTP 400: invalid TraceQL query: parse error at line 1, col 3: syntax error",
    );
  });

  it("does not follow a redirect, and says where it points", async () => {
    const calls: URL[] = [];
    const fetchFn = (async (input: string | URL) => {
      calls.push(new URL(input));
      return new Response(null, { status: 302, headers: { location: "https://login.example/sso?next=/api/search" } });
    }) as typeof fetch;
    await expect(tempoTraceSource("http://tempo.example:3200", { fetch: fetchFn }).search({ ...RANGE })).rejects.toThrow(
      "Tempo at http://tempo.example:3200/api/search: HTTP 302: redirects to https://login.example/sso; configure that address instead",
    );
    expect(calls).toHaveLength(1);
  });

  it("refuses answers that are not Tempo's", async () => {
    const notJson = replay(() => ({ body: "<html>Grafana</html>" }));
    await expect(tempoTraceSource("http://tempo.example:3200", { fetch: notJson.fetch }).search({ ...RANGE })).rejects.toThrow(
      "Tempo at http://tempo.example:3200/api/search: the answer is not valid JSON",
    );
    const wrong = replay(() => ({ body: JSON.stringify({ traces: "none" }) }));
    await expect(tempoTraceSource("http://tempo.example:3200", { fetch: wrong.fetch }).search({ ...RANGE })).rejects.toThrow(
      /^Tempo at http:\/\/tempo\.example:3200\/api\/search: unexpected answer \(traces /,
    );
    const notOtlp = replay(() => ({ body: JSON.stringify({ batches: "none" }) }));
    await expect(tempoTraceSource("http://tempo.example:3200", { fetch: notOtlp.fetch }).getTrace(CONSUMER_TRACE)).rejects.toThrow(
      /^Tempo at http:\/\/tempo\.example:3200\/api\/traces\/0+a3ce929d0e0e4736: unexpected answer/,
    );
  });
});

describe("tempoTraceSource over HTTP", () => {
  let server: Awaited<ReturnType<typeof localServer>>;
  let base: string;
  let closedBase: string;

  beforeAll(async () => {
    server = await localServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname.startsWith("/hang/")) return; // never answers
      if (url.pathname.startsWith("/broken/")) {
        res.writeHead(500, { "content-type": "text/plain" }).end("rpc error: code = Unavailable desc = no healthy querier");
        return;
      }
      const hit = standard(new URL(url.pathname.replace(/^\/ok/, "") + url.search, "http://localhost"));
      res.writeHead(hit?.status ?? (hit ? 200 : 404), { "content-type": hit?.type ?? "application/json" }).end(hit?.body ?? "");
    });
    base = server.base;
    closedBase = await closedPortBase();
  });

  afterAll(() => server.close());

  it("searches and reads traces from a live server, and reports a 500, a timeout and a closed port", async () => {
    const live = tempoTraceSource(`${base}/ok`);
    expect((await live.search({ ...RANGE, topic: "orders" })).map((t) => t.traceId)).toEqual([CONSUMER_TRACE, PRODUCER_TRACE]);
    expect(await live.linkedTraceIds(CONSUMER_TRACE)).toEqual([PRODUCER_TRACE]);
    expect(await live.getTrace("ffffffffffffffffffffffffffffffff")).toEqual([]);

    await expect(tempoTraceSource(`${base}/broken`).search({ ...RANGE })).rejects.toThrow(
      `Tempo at ${base}/broken/api/search: HTTP 500 Internal Server Error: rpc error: code = Unavailable desc = no healthy querier`,
    );
    await expect(tempoTraceSource(`${base}/hang`, { timeoutMs: 200 }).getTrace(CONSUMER_TRACE)).rejects.toThrow(
      `Tempo at ${base}/hang/api/traces/${CONSUMER_TRACE}: no answer within 200 ms`,
    );
    await expect(tempoTraceSource(closedBase).search({ ...RANGE })).rejects.toThrow(
      `Tempo at ${closedBase}/api/search: connection refused (is the server running?)`,
    );
  });
});
