// The Jaeger trace source against recorded query-service answers (server/otel/fixtures/jaeger).
// Their shape follows jaegertracing/jaeger: model/json/model.go and model/json/fixture.json for a
// trace, cmd/jaeger/internal/extension/jaegerquery/internal/fixture/otlp2jaeger-out.json for the
// `{ data, total, limit, offset, errors }` envelope and how OTLP spans look once in Jaeger (span.kind,
// otel.status_code, otel.scope.name tags; links as FOLLOWS_FROM), cmd/query/app/query_parser.go for
// the search parameters. Scenario: order-service publishes to `orders`; fulfilment consumes it in
// a trace of its own linked to the publish span, fails (discontinued item) and publishes to orders.dlq.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPortBase, localServer } from "../../tests/support/http";
import { jaegerTagSets, jaegerTraceSource, MAX_SERVICES_SEARCHED, TraceSourceError } from "./jaeger";
import type { TraceQuery } from "./source";

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/jaeger/${name}`, import.meta.url), "utf8");

const PRODUCER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const PUBLISH_SPAN = "b7ad6b7169203331";
// Jaeger prints a 128-bit id whose high half is zero as 16 hex digits.
const CONSUMER_TRACE = "0000000000000000a3ce929d0e0e4736";
const T0_MS = 1763897401123.456;
const RANGE = { fromMs: T0_MS - 3_600_000, toMs: T0_MS + 60_000 };

type Route = (url: URL) => { status?: number; body: string } | undefined;

/** A fetch that answers from recordings and remembers what was asked. */
function replay(route: Route) {
  const calls: { url: URL; headers: Headers }[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    calls.push({ url, headers: new Headers(init?.headers) });
    const hit = route(url);
    if (!hit) return new Response("404 page not found\n", { status: 404 });
    return new Response(hit.body, { status: hit.status ?? 200, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { fetch: fetchFn, calls };
}

const standard: Route = (url) => {
  if (url.pathname === "/api/services") return { body: fixture("services.json") };
  if (url.pathname === "/api/traces") return { body: fixture("search-orders.json") };
  if (url.pathname === `/api/traces/${CONSUMER_TRACE}`) return { body: fixture("trace-consumer.json") };
  if (url.pathname.startsWith("/api/traces/")) return { status: 404, body: fixture("trace-not-found.json") };
  return undefined;
};

describe("jaegerTraceSource.getTrace", () => {
  it("maps a Jaeger trace to spans: ids, references, times, status, events and older messaging names", async () => {
    const { fetch, calls } = replay(standard);
    const spans = await jaegerTraceSource("http://jaeger.example:16686", { fetch }).getTrace(CONSUMER_TRACE);

    expect(calls.map((c) => c.url.pathname)).toEqual([`/api/traces/${CONSUMER_TRACE}`]);
    expect(spans).toHaveLength(2);
    const [consume, dlq] = spans;
    expect(consume).toMatchObject({
      traceId: CONSUMER_TRACE,
      spanId: "e457b5a2e4d86bd1",
      parentSpanId: null,
      name: "orders process",
      kind: 5,
      service: "fulfilment",
      startNs: 1763897401127666000n,
      durationNs: 152300000n,
      statusCode: 2,
      statusMessage: "item discontinued: SKU-0042",
      // messaging.destination, messaging.kafka.consumer.group, .partition and .message.offset
      topic: "orders",
      consumerGroup: "fulfilment",
      partition: 2,
      offset: 1042,
      links: [{ traceId: PRODUCER_TRACE, spanId: PUBLISH_SPAN, attributes: {} }],
    });
    expect(consume?.attributes["messaging.kafka.message.offset"]).toBe(1042);
    expect(consume?.attributes["span.kind"]).toBeUndefined();
    expect(consume?.resource).toEqual({ "service.name": "fulfilment", "host.name": "fulfilment-5f8b9", "telemetry.sdk.language": "nodejs" });
    expect(consume?.events).toEqual([
      {
        timeNs: 1763897401278566000n,
        name: "exception",
        attributes: { "exception.type": "DiscontinuedItemError", "exception.message": "item discontinued: SKU-0042" },
      },
    ]);
    expect(dlq).toMatchObject({ parentSpanId: "e457b5a2e4d86bd1", kind: 4, topic: "orders.dlq", statusCode: 0, links: [] });
  });

  it("answers an unknown trace with no spans, and never sends a non-hex id", async () => {
    const { fetch, calls } = replay(standard);
    const source = jaegerTraceSource("http://jaeger.example:16686", { fetch });
    expect(await source.getTrace("ffffffffffffffffffffffffffffffff")).toEqual([]);
    expect(await source.getTrace("../api/services")).toEqual([]);
    expect(calls.map((c) => c.url.pathname)).toEqual(["/api/traces/ffffffffffffffffffffffffffffffff"]);
  });

  it("lists the traces a trace links to (its producer's)", async () => {
    const { fetch } = replay(standard);
    const source = jaegerTraceSource("http://jaeger.example:16686", { fetch });
    expect(await source.linkedTraceIds(CONSUMER_TRACE)).toEqual([PRODUCER_TRACE]);
  });
});

describe("jaegerTraceSource.search", () => {
  it("sends the service, microsecond times, limit, minimum duration and filters as Jaeger tags", async () => {
    const { fetch, calls } = replay(() => ({ body: fixture("search-empty.json") }));
    const q: TraceQuery = { ...RANGE, service: "order-service", errorsOnly: true, minDurationMs: 250, limit: 50 };
    await jaegerTraceSource("http://jaeger.example:16686/jaeger/", { fetch }).search(q);

    expect(calls).toHaveLength(1);
    const url = calls[0]!.url;
    expect(url.pathname).toBe("/jaeger/api/traces");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      service: "order-service",
      start: String(Math.round(RANGE.fromMs * 1000)),
      end: String(Math.round(RANGE.toMs * 1000)),
      limit: "50",
      minDuration: "250ms",
      tags: '{"error":"true"}',
    });
  });

  it("asks for each attribute name of the topic and group, and URL-encodes hostile values", async () => {
    const { fetch, calls } = replay(() => ({ body: fixture("search-empty.json") }));
    const hostile = 'a" || true';
    await jaegerTraceSource("http://jaeger.example:16686", { fetch }).search({ ...RANGE, service: "x", topic: hostile, consumerGroup: "g" });

    const tags = calls.map((c) => JSON.parse(c.url.searchParams.get("tags")!) as Record<string, string>);
    expect(tags).toEqual([
      { "messaging.destination.name": hostile, "messaging.consumer.group.name": "g" },
      { "messaging.destination.name": hostile, "messaging.kafka.consumer.group": "g" },
      { "messaging.destination": hostile, "messaging.consumer.group.name": "g" },
      { "messaging.destination": hostile, "messaging.kafka.consumer.group": "g" },
    ]);
    for (const c of calls) {
      expect(c.url.search).not.toContain('"');
      expect(c.url.search).not.toContain(" ");
      expect(c.url.search).toContain("a%5C%22+%7C%7C+true");
    }
    expect(jaegerTagSets({ ...RANGE })).toEqual([{}]);
  });

  it("summarises the traces found, newest first, merged across tag sets", async () => {
    const { fetch, calls } = replay(standard);
    const found = await jaegerTraceSource("http://jaeger.example:16686", { fetch }).search({ ...RANGE, topic: "orders" });

    // /api/services, then three services × two names of the topic attribute
    expect(calls).toHaveLength(7);
    expect(found).toEqual([
      {
        traceId: CONSUMER_TRACE,
        rootService: "fulfilment",
        rootName: "orders process",
        startMs: 1763897401127.666,
        durationMs: 152.3,
        spanCount: 2,
        errorCount: 1,
        services: ["fulfilment"],
        topics: ["orders", "orders.dlq"],
      },
      {
        traceId: PRODUCER_TRACE,
        rootService: "order-service",
        rootName: "POST /orders",
        startMs: 1763897401123.456,
        durationMs: 8.12,
        spanCount: 2,
        errorCount: 0,
        services: ["order-service"],
        topics: ["orders"],
      },
    ]);
  });

  it("checks every returned trace again, so older attribute names and OTel error status count", async () => {
    const { fetch } = replay(standard);
    const source = jaegerTraceSource("http://jaeger.example:16686", { fetch });
    const ids = async (q: Partial<TraceQuery>) => (await source.search({ ...RANGE, service: "fulfilment", ...q })).map((t) => t.traceId);

    expect(await ids({ errorsOnly: true })).toEqual([CONSUMER_TRACE]);
    expect(await ids({ consumerGroup: "fulfilment" })).toEqual([CONSUMER_TRACE]);
    expect(await ids({ minDurationMs: 100 })).toEqual([CONSUMER_TRACE]);
    expect(await ids({ topic: "payments" })).toEqual([]);
    expect(await ids({ limit: 1 })).toEqual([CONSUMER_TRACE]);
  });

  it("without a service, searches the services Jaeger knows, at most 20 of them", async () => {
    const { fetch, calls } = replay(standard);
    const found = await jaegerTraceSource("http://jaeger.example:16686", { fetch }).search({ ...RANGE });
    expect(calls[0]!.url.pathname).toBe("/api/services");
    expect(calls.slice(1).map((c) => c.url.searchParams.get("service")).sort()).toEqual(["fulfilment", "order-service", "payment"]);
    expect(found.map((t) => t.traceId)).toEqual([CONSUMER_TRACE, PRODUCER_TRACE]);

    const many = Array.from({ length: 30 }, (_, i) => `svc-${String(i).padStart(2, "0")}`);
    const big = replay((url) =>
      url.pathname === "/api/services" ? { body: JSON.stringify({ data: many, total: 30, limit: 0, offset: 0, errors: null }) } : { body: fixture("search-empty.json") },
    );
    expect(await jaegerTraceSource("http://jaeger.example:16686", { fetch: big.fetch }).search({ ...RANGE })).toEqual([]);
    expect(big.calls.slice(1).map((c) => c.url.searchParams.get("service")).sort()).toEqual(many.slice(0, MAX_SERVICES_SEARCHED));
  });

  it("finds nothing in an empty answer", async () => {
    const { fetch } = replay(() => ({ body: fixture("search-empty.json") }));
    expect(await jaegerTraceSource("http://jaeger.example:16686", { fetch }).search({ ...RANGE, service: "payment" })).toEqual([]);
  });
});

describe("jaegerTraceSource errors", () => {
  it("names Jaeger and the URL, without credentials, and passes them as Basic auth instead", async () => {
    const { fetch, calls } = replay(() => ({ status: 500, body: fixture("search-error.json") }));
    const source = jaegerTraceSource("http://admin:s3cret@jaeger.example:16686", { fetch });
    const err = await source.search({ ...RANGE, service: "payment" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TraceSourceError);
    expect((err as Error).message).toBe(
      "Jaeger at http://jaeger.example:16686/api/traces: HTTP 500: search failed: no Elasticsearch node available",
    );
    expect((err as Error).message).not.toContain("s3cret");
    expect(calls[0]!.url.username).toBe("");
    expect(calls[0]!.headers.get("authorization")).toBe(`Basic ${Buffer.from("admin:s3cret").toString("base64")}`);
  });

  it("refuses a body that is not JSON or not a Jaeger answer", async () => {
    const html = replay(() => ({ body: "<html>Jaeger UI</html>" }));
    await expect(jaegerTraceSource("http://jaeger.example:16686", { fetch: html.fetch }).getTrace(CONSUMER_TRACE)).rejects.toThrow(
      "Jaeger at http://jaeger.example:16686/api/traces/0000000000000000a3ce929d0e0e4736: the answer is not valid JSON",
    );
    const bad = replay(() => ({ body: JSON.stringify({ data: [{ spans: [{ traceID: "not-hex", spanID: "1", startTime: 1, duration: 1 }] }] }) }));
    await expect(jaegerTraceSource("http://jaeger.example:16686", { fetch: bad.fetch }).getTrace(CONSUMER_TRACE)).rejects.toThrow(
      /^Jaeger at http:\/\/jaeger\.example:16686\/api\/traces\/0+a3ce929d0e0e4736: unexpected answer \(a trace id is not hex/,
    );
  });
});

describe("jaegerTraceSource over HTTP", () => {
  let server: Awaited<ReturnType<typeof localServer>>;
  let base: string;
  let closedBase: string;

  beforeAll(async () => {
    server = await localServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname.startsWith("/hang/")) return; // never answers
      if (url.pathname.startsWith("/broken/")) {
        res.writeHead(500, { "content-type": "application/json" }).end(fixture("search-error.json"));
        return;
      }
      const hit = standard(new URL(url.pathname.replace(/^\/ok/, "") + url.search, "http://localhost"));
      res.writeHead(hit?.status ?? (hit ? 200 : 404), { "content-type": "application/json" }).end(hit?.body ?? "");
    });
    base = server.base;
    closedBase = await closedPortBase();
  });

  afterAll(() => server.close());

  it("searches and reads traces from a live server, and reports a 500, a timeout and a closed port", async () => {
    const live = jaegerTraceSource(`${base}/ok`);
    expect((await live.search({ ...RANGE, topic: "orders" })).map((t) => t.traceId)).toEqual([CONSUMER_TRACE, PRODUCER_TRACE]);
    expect((await live.getTrace(CONSUMER_TRACE)).map((s) => s.name)).toEqual(["orders process", "orders.dlq publish"]);
    expect(await live.getTrace("abc")).toEqual([]);

    await expect(jaegerTraceSource(`${base}/broken`).search({ ...RANGE, service: "payment" })).rejects.toThrow(
      `Jaeger at ${base}/broken/api/traces: HTTP 500 Internal Server Error: search failed: no Elasticsearch node available`,
    );
    await expect(jaegerTraceSource(`${base}/hang`, { timeoutMs: 200 }).search({ ...RANGE, service: "payment" })).rejects.toThrow(
      `Jaeger at ${base}/hang/api/traces: no answer within 200 ms`,
    );
    await expect(jaegerTraceSource(closedBase).getTrace(CONSUMER_TRACE)).rejects.toThrow(
      `Jaeger at ${closedBase}/api/traces/${CONSUMER_TRACE}: connection refused (is the server running?)`,
    );
  });
});
