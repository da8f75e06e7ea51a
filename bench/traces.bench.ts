// Issue 6: live traces.
//
// (1) OTLP ingest into the embedded store over real HTTP, against a discard-only HTTP sink in the
//     same run. Both are plain Node HTTP servers on loopback in this process: the Flowlens one
//     calls receiveOtlpTraces (what POST /v1/traces runs: token check, body cap, protobuf decode,
//     bulk insert into PGlite, retention scheduling); the sink reads each body and answers an empty
//     ExportTraceServiceResponse. The same pre-encoded protobuf bodies go to both from the same
//     keep-alive client with the same concurrency. Goals: ≥ 0.5× the sink's spans/s and ≥ 20,000 spans/s.
//     A third server runs the same receiver with a writer that discards: what receiving costs
//     without storing.
// (2) Trace search p95 over 1,000,000 stored spans in the embedded store, for several query shapes.
//     Goal: p95 < 200 ms.
//
// Runs under react-server conditions (the services import "server-only"): it re-runs itself so.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stats } from "./lib/app";

const self = fileURLToPath(import.meta.url);
if (!process.env.FLOWLENS_BENCH_REACT_SERVER) {
  const tsx = join(self, "..", "..", "node_modules", ".bin", "tsx");
  const r = spawnSync(tsx, ["--conditions=react-server", self], { stdio: "inherit", env: { ...process.env, FLOWLENS_BENCH_REACT_SERVER: "1" } });
  process.exit(r.status ?? 1);
}

const { createClient } = await import("../server/db/client");
const { startEmbeddedDb } = await import("../server/db/embedded");
const { migrate } = await import("../server/db/migrate");
const { opentelemetry } = await import("../server/otel/proto/otlp.js");
const { receiveOtlpTraces } = await import("../server/services/traces-ingest");
const { builtInTraceSource, prismaSpanWriter } = await import("../server/services/traces-store");
type SpanRecord = import("../server/otel/source").SpanRecord;
type TraceQuery = import("../server/otel/source").TraceQuery;

const pb = opentelemetry.proto;
const step = (s: string) => process.stderr.write(`traces bench: ${s}\n`);
const SPANS_PER_REQUEST = Number(process.env.SPANS_PER_REQUEST ?? 1000);
const REQUESTS = Number(process.env.REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const SEARCH_SPANS = Number(process.env.SEARCH_SPANS ?? 1_000_000);
const SEARCH_ROUNDS = Number(process.env.SEARCH_ROUNDS ?? 30);
const TOKEN = randomBytes(24).toString("hex");

// --- a realistic mix ------------------------------------------------------------------------------

const SERVICES = ["gateway", "orders", "billing", "shipping", "inventory", "notifications", "fraud", "search", "accounts", "reports"];
const TOPICS = Array.from({ length: 20 }, (_, i) => `topic-${String(i).padStart(2, "0")}`);
const GROUPS = Array.from({ length: 15 }, (_, i) => `group-${String(i).padStart(2, "0")}`);

/** A deterministic generator, so every run stores the same spans (not for anything secret). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (r: () => number, bytes: number) => {
  let s = "";
  for (let i = 0; i < bytes; i++) s += Math.floor(r() * 256).toString(16).padStart(2, "0");
  return s;
};

/** What the OpenTelemetry JS SDK's default detectors put on every span a Node.js service sends. */
const resources = new Map<string, SpanRecord["resource"]>();
const resourceOf = (service: string) => {
  let r = resources.get(service);
  if (!r) {
    r = {
      "service.name": service, "service.version": "1.4.2", "service.instance.id": `${service}-7f9c-0`,
      "telemetry.sdk.language": "nodejs", "telemetry.sdk.name": "opentelemetry", "telemetry.sdk.version": "2.2.0",
      "host.name": `${service}-7f9c`, "host.arch": "amd64", "os.type": "linux",
      "process.pid": 1, "process.executable.name": "node", "process.executable.path": "/usr/local/bin/node",
      "process.command_args": `["/usr/local/bin/node","/srv/${service}/dist/index.js"]`, "process.runtime.name": "nodejs",
      "process.runtime.version": "20.20.2", "process.runtime.description": "Node.js", "process.owner": "app",
    };
    resources.set(service, r);
  }
  return r;
};

/**
 * Five spans: an HTTP request, a child that produces to a topic, a consumer (linked to the producer,
 * in a group) and its database call, in one trace; and a second consumer in a trace of its own,
 * linked to the producer. About 2% of consumers fail; durations are long-tailed. Each service's
 * spans carry the resource the JS SDK's detectors give it.
 */
function makeTrace(r: () => number, startMs: number): SpanRecord[] {
  const traceId = hex(r, 16);
  const ids = Array.from({ length: 5 }, () => hex(r, 8));
  const topic = TOPICS[Math.floor(r() * TOPICS.length)]!;
  const dur = () => BigInt(Math.floor(1_000_000 * Math.exp(r() * 7))); // 1 ms … ~1.1 s
  const svc = () => SERVICES[1 + Math.floor(r() * (SERVICES.length - 1))]!;
  const base = (i: number, service: string, name: string, kind: number, offsetMs: number): SpanRecord => ({
    traceId,
    spanId: ids[i]!,
    parentSpanId: i === 0 ? null : i === 4 ? ids[1]! : ids[i - 1]!,
    name,
    kind: kind as SpanRecord["kind"],
    service,
    startNs: BigInt(startMs + offsetMs) * 1_000_000n,
    durationNs: dur(),
    statusCode: 0,
    statusMessage: null,
    topic: null,
    consumerGroup: null,
    partition: null,
    offset: null,
    attributes: { "http.method": "POST", "http.route": "/api/orders", "net.peer.name": "10.0.0.12" },
    resource: resourceOf(service),
    events: [],
    links: [],
  });
  const producer = svc();
  const spans = [
    base(0, "gateway", "POST /api/orders", 2, 0),
    base(1, producer, `${topic} send`, 4, 2),
    base(2, svc(), `${topic} process`, 5, 15),
    base(3, svc(), "SELECT orders", 3, 17),
    base(4, svc(), `${topic} process`, 5, 20),
  ];
  for (const [i, s] of [[2, spans[2]!], [4, spans[4]!]] as const) {
    const group = GROUPS[Math.floor(r() * GROUPS.length)]!;
    const partition = Math.floor(r() * 12);
    const offset = Math.floor(r() * 1e7);
    s.attributes = {
      "messaging.system": "kafka", "messaging.operation": "process", "messaging.destination.name": topic,
      "messaging.consumer.group.name": group, "messaging.destination.partition.id": String(partition), "messaging.kafka.offset": offset,
    };
    s.topic = topic;
    s.consumerGroup = group;
    s.partition = partition;
    s.offset = offset;
    s.parentSpanId = i === 2 ? null : s.parentSpanId;
    s.links = [{ traceId, spanId: ids[1]!, attributes: {} }];
    // The second consumer starts its own trace, linked to the producer's (the edge Jaeger loses).
    if (i === 4) {
      s.traceId = hex(r, 16);
      s.parentSpanId = null;
    }
    if (r() < 0.02) {
      s.statusCode = 2;
      s.statusMessage = "handler failed";
      s.events = [{ timeNs: s.startNs + 1000n, name: "exception", attributes: { "exception.type": "Error", "exception.message": "handler failed" } }];
    }
  }
  spans[1]!.attributes = { "messaging.system": "kafka", "messaging.operation": "publish", "messaging.destination.name": topic };
  spans[1]!.topic = topic;
  return spans;
}

// --- protobuf request bodies ----------------------------------------------------------------------

const kv = (key: string, v: unknown) => ({
  key,
  value: typeof v === "string" ? { stringValue: v } : typeof v === "number" ? (Number.isInteger(v) ? { intValue: v } : { doubleValue: v }) : { boolValue: Boolean(v) },
});

function encodeRequest(spans: SpanRecord[]): Uint8Array {
  const byService = new Map<string, SpanRecord[]>();
  for (const s of spans) (byService.get(s.service) ?? byService.set(s.service, []).get(s.service)!).push(s);
  return pb.collector.trace.v1.ExportTraceServiceRequest.encode({
    resourceSpans: [...byService].map(([, list]) => ({
      resource: { attributes: Object.entries(list[0]!.resource).map(([k, v]) => kv(k, v)) },
      scopeSpans: [
        {
          scope: { name: "@opentelemetry/instrumentation-kafkajs", version: "0.32.0" },
          spans: list.map((s) => ({
            traceId: Buffer.from(s.traceId, "hex"),
            spanId: Buffer.from(s.spanId, "hex"),
            parentSpanId: s.parentSpanId ? Buffer.from(s.parentSpanId, "hex") : undefined,
            name: s.name,
            kind: s.kind,
            startTimeUnixNano: s.startNs.toString() as unknown as number,
            endTimeUnixNano: (s.startNs + s.durationNs).toString() as unknown as number,
            attributes: Object.entries(s.attributes).map(([k, v]) => kv(k, v)),
            events: s.events.map((e) => ({ timeUnixNano: e.timeNs.toString() as unknown as number, name: e.name, attributes: Object.entries(e.attributes).map(([k, v]) => kv(k, v)) })),
            links: s.links.map((l) => ({ traceId: Buffer.from(l.traceId, "hex"), spanId: Buffer.from(l.spanId, "hex") })),
            status: { code: s.statusCode, message: s.statusMessage ?? "" },
          })),
        },
      ],
    })),
  }).finish();
}

// --- HTTP -----------------------------------------------------------------------------------------

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

const close = (s: Server) => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve())));

/** Sends every body to the port, CONCURRENCY at a time, over keep-alive; resolves with the wall time. */
async function drive(port: number, bodies: Uint8Array[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  const one = (body: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port, path: "/v1/traces", method: "POST", agent, headers: { "content-type": "application/x-protobuf", "content-length": body.length, authorization: `Bearer ${TOKEN}` } },
        (res) => {
          res.resume();
          res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) await one(bodies[next++]!);
    }),
  );
  const ms = performance.now() - start;
  agent.destroy();
  return ms;
}

// --- run ------------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), "flowlens-bench-traces-"));
const servers: Server[] = [];
let embedded: Awaited<ReturnType<typeof startEmbeddedDb>> | undefined;
try {
  embedded = await startEmbeddedDb(dir);
  await migrate(embedded.url);
  const prisma = createClient(embedded.url);

  step(`encoding ${REQUESTS} requests of ${SPANS_PER_REQUEST} spans`);
  const r = rng(42);
  const now = Date.now();
  const bodies: Uint8Array[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const spans: SpanRecord[] = [];
    while (spans.length < SPANS_PER_REQUEST) spans.push(...makeTrace(r, now - Math.floor(r() * 3_600_000)));
    bodies.push(encodeRequest(spans.slice(0, SPANS_PER_REQUEST)));
  }
  const totalSpans = REQUESTS * SPANS_PER_REQUEST;
  const bodyBytes = bodies.reduce((n, b) => n + b.length, 0);

  const emptyResponse = pb.collector.trace.v1.ExportTraceServiceResponse.encode({}).finish();
  const sink = await listen((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/x-protobuf" }).end(emptyResponse));
  });
  servers.push(sink.server);
  const options = { token: TOKEN, limits: { maxBodyBytes: 8 * 1024 * 1024, maxSpans: 20_000 }, retention: { retentionHours: 72, maxSpans: 100_000_000 } };
  // The writer POST /v1/traces uses on the embedded store (ingestWriter): the app's one connection,
  // shared with Prisma but written to directly (PGlite's socket server must not see two
  // connections' statements interleaved; server/db/url.ts).
  const writer = prismaSpanWriter(prisma);
  /** A plain Node HTTP server that answers every request with receiveOtlpTraces into `into`. */
  const receiver = (into: typeof writer) =>
    listen((req, res) => {
      const headers = { get: (n: string) => { const v = req.headers[n.toLowerCase()]; return Array.isArray(v) ? v.join(", ") : (v ?? null); } };
      receiveOtlpTraces(into, { headers, body: req }, options).then(
        (out) => res.writeHead(out.status, out.headers).end(out.body),
        (e) => (console.error(e), res.writeHead(500).end(String(e))),
      );
    });
  const flowlens = await receiver(writer);
  servers.push(flowlens.server);
  // A second reference: the same receiver (token, body cap, decode, response) with a writer that
  // discards, to show what storing costs beside what receiving costs.
  const discard: typeof writer = { append: async () => undefined, insert: async (s) => s.length, prune: async () => ({ deletedByAge: 0, deletedByCount: 0 }), close: async () => undefined };
  const decodeOnly = await receiver(discard);
  servers.push(decodeOnly.server);

  // Warm-up (JIT, connections, the first pages of the table): not counted.
  await drive(sink.port, bodies.slice(0, 10));
  await drive(decodeOnly.port, bodies.slice(0, 10));
  await drive(flowlens.port, bodies.slice(0, 10));
  await prisma.$executeRaw`TRUNCATE "span", "span_link", "span_resource"`;

  step("sink");
  const sinkMs = await drive(sink.port, bodies);
  step("receiver that decodes and discards");
  const decodeMs = await drive(decodeOnly.port, bodies);
  step("Flowlens ingest");
  const ingestMs = await drive(flowlens.port, bodies);
  const stored = Number((await prisma.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM "span"`)[0]!.n);
  const sinkRate = totalSpans / (sinkMs / 1000);
  const ingestRate = totalSpans / (ingestMs / 1000);
  console.log(`ingest: ${REQUESTS} protobuf requests × ${SPANS_PER_REQUEST} spans (${(bodyBytes / REQUESTS / 1024).toFixed(0)} KiB each), concurrency ${CONCURRENCY}, keep-alive, loopback`);
  const decodeRate = totalSpans / (decodeMs / 1000);
  console.log(`  discard-only sink           ${sinkRate.toFixed(0).padStart(8)} spans/s  (${sinkMs.toFixed(0)} ms)`);
  console.log(`  receive + decode, discard   ${decodeRate.toFixed(0).padStart(8)} spans/s  (${decodeMs.toFixed(0)} ms; Flowlens's receiver, nothing stored)`);
  console.log(`  Flowlens → embedded store   ${ingestRate.toFixed(0).padStart(8)} spans/s  (${ingestMs.toFixed(0)} ms; ${stored} spans stored)`);
  console.log(
    `  ratio ${(ingestRate / sinkRate).toFixed(2)}× the sink (goal ≥ 0.5× → ${ingestRate / sinkRate >= 0.5 ? "met" : "MISSED"}); ≥ 20,000 spans/s → ${ingestRate >= 20_000 ? "met" : "MISSED"}; ${(ingestRate / decodeRate).toFixed(2)}× decode-and-discard`,
  );
  if (stored !== totalSpans) console.log(`  WARNING: stored ${stored} of ${totalSpans}`);
  await Promise.all(servers.splice(0).map(close));
  await writer.close();

  // (2) search over SEARCH_SPANS spans, spread over the last 24 hours.
  await prisma.$executeRaw`TRUNCATE "span", "span_link", "span_resource"`;
  step(`storing ${SEARCH_SPANS} spans for search`);
  const loader = prismaSpanWriter(prisma);
  const loadStart = performance.now();
  const r2 = rng(7);
  const DAY = 86_400_000;
  for (let n = 0; n < SEARCH_SPANS; ) {
    const batch: SpanRecord[] = [];
    while (batch.length < 10_000 && n + batch.length < SEARCH_SPANS) batch.push(...makeTrace(r2, now - Math.floor(r2() * DAY)));
    await loader.insert(batch);
    n += batch.length;
  }
  await prisma.$executeRawUnsafe(`ANALYZE "span"`);
  await prisma.$executeRawUnsafe(`ANALYZE "span_link"`);
  const loadMs = performance.now() - loadStart;
  const count = Number((await prisma.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM "span"`)[0]!.n);
  console.log(`search: ${count} spans over 24 h (loaded at ${(count / (loadMs / 1000)).toFixed(0)} spans/s through the same bulk insert, 10,000 spans per call), limit 20, ${SEARCH_ROUNDS} rounds each`);

  const source = builtInTraceSource(prisma);
  const hour = { fromMs: now - 3_600_000, toMs: now };
  const day = { fromMs: now - DAY, toMs: now };
  const shapes: Array<[string, TraceQuery]> = [
    ["last hour, no filter", hour],
    ["last 24 h, no filter", day],
    ["service, 24 h", { ...day, service: "billing" }],
    ["topic, 24 h", { ...day, topic: "topic-07" }],
    ["consumer group, 24 h", { ...day, consumerGroup: "group-03" }],
    ["errors only, 24 h", { ...day, errorsOnly: true }],
    ["min duration 1 s, 24 h", { ...day, minDurationMs: 1000 }],
    ["service + errors, 24 h", { ...day, service: "billing", errorsOnly: true }],
    ["topic + group + min 500 ms, 24 h", { ...day, topic: "topic-07", consumerGroup: "group-03", minDurationMs: 500 }],
    ["group + errors, 1 h", { ...hour, consumerGroup: "group-03", errorsOnly: true }],
    ["no match (unknown service), 24 h", { ...day, service: "nobody" }],
  ];
  let worst = 0;
  for (const [label, q] of shapes) {
    const times: number[] = [];
    let found = 0;
    await source.search(q); // warm
    for (let i = 0; i < SEARCH_ROUNDS; i++) {
      // Slide the window a little so that no two rounds are the same query.
      const shift = i * 1000;
      const t = performance.now();
      found = (await source.search({ ...q, fromMs: q.fromMs - shift, toMs: q.toMs - shift })).length;
      times.push(performance.now() - t);
    }
    const s = stats(times);
    worst = Math.max(worst, s.p95);
    console.log(`  ${label.padEnd(36)} p50 ${s.p50.toFixed(1).padStart(7)} ms   p95 ${s.p95.toFixed(1).padStart(7)} ms   (${found} traces)`);
  }
  const ids = (await source.search({ ...day, consumerGroup: "group-03" })).map((t) => t.traceId);
  const traceTimes: number[] = [];
  for (const id of ids) {
    const t = performance.now();
    await source.getTrace(id);
    await source.linkedTraceIds(id);
    traceTimes.push(performance.now() - t);
  }
  const tt = stats(traceTimes);
  console.log(`  getTrace + linkedTraceIds            p50 ${tt.p50.toFixed(1).padStart(7)} ms   p95 ${tt.p95.toFixed(1).padStart(7)} ms`);
  console.log(`  worst search p95 ${worst.toFixed(1)} ms (goal < 200 ms → ${worst < 200 ? "met" : "MISSED"})`);
  await prisma.$disconnect();
} finally {
  await Promise.all(servers.map(close));
  await embedded?.stop();
  rmSync(dir, { recursive: true, force: true });
}
