// The TypeScript stubs generated for the sample flow, compiled with tsc and run as real services
// against the real broker: orders flow producer → transformer → consumers, poison records reach
// the dead-letter queue with every error header, and the spans show the producer→consumer link.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { orderFulfilmentFlow } from "@/server/flow/samples/order-fulfilment";
import { DEAD_LETTER_HEADERS, generateAllTypeScriptStubs } from "@/server/flow/stubs/typescript";
import { createKafka } from "@/server/kafka/client";
import { createTopic, produce } from "@/server/kafka/test-helpers";
import { buildWaterfall } from "@/server/observe/traces";
import { decodeOtlpJson } from "@/server/otel/otlp";
import type { SpanRecord } from "@/server/otel/source";

const brokers = inject("kafkaBrokers");
const repo = fileURLToPath(new URL("../..", import.meta.url));
const N = 20;
const CONSUMERS = ["enrich-order", "fulfilment", "payment"] as const;
const SPAN_KIND_PRODUCER = 4;
const SPAN_KIND_CONSUMER = 5;

// What a user would write in fulfilment's handlers.ts: a handler that fails for one customer.
const FULFILMENT_HANDLERS = `import type * as M from "./models.js";
import { log, type Received } from "./runtime.js";

export class OutOfStockError extends Error {
  override name = "OutOfStockError";
}

export async function onOrdersEnriched(event: Received<M.OrderEnriched, "OrderEnriched">): Promise<void> {
  if (event.payload.customerId === "always-fails") throw new OutOfStockError("no stock for order " + event.payload.orderId);
  log.info("fulfilled", { key: event.key, orderId: event.payload.orderId });
}
`;

interface LogLine {
  msg: string;
  app: string;
  key?: string | null;
  [field: string]: unknown;
}

class Service {
  readonly lines: LogLine[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    let buffer = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      for (const part of parts) {
        try {
          this.lines.push(JSON.parse(part) as LogLine);
        } catch {
          this.stderr.push(part);
        }
      }
      for (const w of this.waiters) w();
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => this.stderr.push(chunk));
    this.exited = new Promise((done) => child.once("exit", (code) => done(code)));
  }

  /** Resolves once `test` holds for the lines logged so far. */
  until(test: (lines: LogLine[]) => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((done, fail) => {
      const check = () => {
        if (!test(this.lines)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        done();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        fail(new Error(`${this.name}: ${what} not seen in ${timeoutMs} ms. Last output:\n${[...this.lines.slice(-10).map((l) => JSON.stringify(l)), ...this.stderr.slice(-10)].join("\n")}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  keys(msg: string): Set<string> {
    return new Set(this.lines.filter((l) => l.msg === msg && typeof l.key === "string").map((l) => l.key as string));
  }
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: { stringValue?: string } }[];
}
interface Span extends OtlpSpan {
  service: string;
}

/** A minimal OTLP/HTTP JSON receiver: it keeps every span it is sent, raw and as Flowlens decodes it. */
function startOtlpReceiver(): Promise<{ server: Server; url: string; spans: Span[]; decoded: SpanRecord[] }> {
  const spans: Span[] = [];
  const decoded: SpanRecord[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      if (req.url === "/v1/traces") {
        const json: unknown = JSON.parse(body.toString("utf8"));
        decoded.push(...decodeOtlpJson(json));
        const request = json as {
          resourceSpans?: { resource?: { attributes?: OtlpSpan["attributes"] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
        };
        for (const rs of request.resourceSpans ?? []) {
          const service = rs.resource?.attributes?.find((a) => a.key === "service.name")?.value.stringValue ?? "";
          for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) spans.push({ ...s, service });
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return new Promise((done) =>
    server.listen(0, "127.0.0.1", () => done({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, decoded })),
  );
}

async function readRecords(topic: string, want: (key: string) => boolean, count: number, timeoutMs = 20_000) {
  const consumer = createKafka({ brokers: brokers.split(","), clientId: "flowlens-test" }).consumer({ groupId: `it-${randomUUID()}` });
  const found: { key: string; value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`found ${found.length} of ${count} records on ${topic}`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? "";
          if (!want(key)) return;
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = value.toString();
          found.push({ key, value: message.value?.toString() ?? "", headers });
          if (found.length >= count) {
            clearTimeout(timer);
            done();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return found;
}

describe("generated TypeScript stubs on the real broker", () => {
  let work = "";
  let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
  const services = new Map<string, Service>();
  const timings: Record<string, number> = {};

  const start = (app: string, env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [join(work, app, "dist", "main.js")], {
      cwd: join(work, app),
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", KAFKA_BROKERS: brokers, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, LOG_LEVEL: "debug", ...env },
    });
    const service = new Service(app, child);
    services.set(app, service);
    return service;
  };

  beforeAll(async () => {
    let t = Date.now();
    work = mkdtempSync(join(tmpdir(), "flowlens-stubs-"));
    const files = await generateAllTypeScriptStubs(orderFulfilmentFlow());
    for (const f of files) {
      mkdirSync(dirname(join(work, f.path)), { recursive: true });
      writeFileSync(join(work, f.path), f.content);
    }
    writeFileSync(join(work, "fulfilment/src/handlers.ts"), FULFILMENT_HANDLERS);
    // Every dependency of the stubs is installed in the repository; Node and tsc look upwards for it.
    symlinkSync(join(repo, "node_modules"), join(work, "node_modules"), "dir");
    timings.generate = Date.now() - t;

    t = Date.now();
    await promisify(execFile)(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "-b", ...["order-service", ...CONSUMERS].map((a) => join(work, a))], {
      cwd: work,
    });
    timings.compile = Date.now() - t;

    t = Date.now();
    const list = brokers.split(",");
    await createTopic(list, "orders", 3);
    await createTopic(list, "orders.enriched", 3);
    await createTopic(list, "orders.dlq", 1);
    otlp = await startOtlpReceiver();
    timings.topics = Date.now() - t;
  }, 120_000);

  afterAll(async () => {
    for (const s of services.values()) if (s.child.exitCode === null) s.child.kill("SIGKILL");
    await new Promise<void>((done) => (otlp ? otlp.server.close(() => done()) : done()));
    if (work) rmSync(work, { recursive: true, force: true });
    console.info("stubs integration timings (ms):", timings);
  });

  it("carries N orders from the producer through the transformer to every consumer", async () => {
    const t = Date.now();
    for (const app of CONSUMERS) start(app);
    await Promise.all(CONSUMERS.map((app) => services.get(app)!.until((ls) => ls.some((l) => l.msg === "consuming"), "consuming")));
    timings.consumersUp = Date.now() - t;

    const producer = start("order-service", { STUB_DEMO_COUNT: String(N) });
    expect(await producer.exited).toBe(0); // sends N, then shuts down on its own
    const sent = producer.keys("sent");
    expect(sent.size).toBe(N);
    expect(producer.lines.some((l) => l.msg === "stopped" && l.reason === "done")).toBe(true);

    const reachedAll = (app: string) => services.get(app)!.until((ls) => [...sent].every((k) => ls.some((l) => l.msg === "handled" && l.key === k)), `all ${N} orders handled`);
    await Promise.all(CONSUMERS.map(reachedAll));
    timings.flow = Date.now() - t;

    const enriched = services.get("enrich-order")!.lines.filter((l) => l.msg === "sent" && sent.has(l.key as string));
    expect(enriched).toHaveLength(N); // one OrderEnriched per order, keeping the order's key
    expect(services.get("fulfilment")!.keys("fulfilled")).toEqual(sent);
    for (const l of services.get("fulfilment")!.lines.filter((l) => l.msg === "handled")) expect(l.groupId).toBe("fulfilment");
  });

  it("dead-letters an invalid payload and a record whose handler keeps failing, with every error header", async () => {
    const t = Date.now();
    const run = randomUUID();
    const poison = `poison-${run}`;
    const failing = `failing-${run}`;
    const valid = {
      orderId: randomUUID(),
      customerId: "always-fails",
      items: [{ sku: "SKU-1", quantity: 1 }],
      total: 10,
      customerTier: "gold",
      shippingAddress: { line1: "1 Main St", city: "Springfield", country: "US" },
    };
    await produce(brokers.split(","), "orders.enriched", [
      { key: poison, value: JSON.stringify({ orderId: 42 }) },
      { key: failing, value: JSON.stringify(valid) },
    ]);
    await produce(brokers.split(","), "orders", [{ key: poison, value: "not json" }]);

    const dead = await readRecords("orders.dlq", (k) => k === poison || k === failing, 2);
    const byKey = new Map(dead.map((r) => [r.key, r]));
    for (const r of dead) {
      for (const h of DEAD_LETTER_HEADERS) expect(r.headers[h.header], `${r.key} ${h.header}`).toBeTruthy();
      expect(r.headers["x-original-topic"]).toBe("orders.enriched");
      expect(Number.isInteger(Number(r.headers["x-original-partition"]))).toBe(true);
      expect(BigInt(r.headers["x-original-offset"]!)).toBeGreaterThanOrEqual(0n);
      expect(Date.parse(r.headers["x-failed-at"]!)).toBeGreaterThan(t - 60_000);
    }
    const invalid = byKey.get(poison)!;
    expect(invalid.value).toBe(JSON.stringify({ orderId: 42 })); // the original bytes
    expect(invalid.headers).toMatchObject({ "x-error-class": "SchemaValidationError", "x-attempts": "1" });
    expect(invalid.headers["x-error-message"]).toMatch(/orderId/);
    const failed = byKey.get(failing)!;
    expect(failed.headers).toMatchObject({ "x-error-class": "OutOfStockError", "x-attempts": "3" });
    expect(failed.headers["x-error-message"]).toBe(`no stock for order ${valid.orderId}`);

    // fulfilment's policy: 3 attempts, exponential backoff from 200 ms, so two retries (200, 400 ms).
    const fulfilment = services.get("fulfilment")!;
    const retries = fulfilment.lines.filter((l) => l.msg === "retrying" && l.key === failing);
    expect(retries.map((l) => l.delayMs)).toEqual([200, 400]);
    // enrich-order and payment have no dead-letter queue: they log the poison record and move on.
    await services.get("enrich-order")!.until((ls) => ls.some((l) => l.msg === "dropped: no dead-letter queue" && l.key === poison), "poison dropped");
    await services.get("payment")!.until((ls) => ls.some((l) => l.msg === "dropped: no dead-letter queue" && l.key === poison), "poison dropped");
    timings.deadLetters = Date.now() - t;
  });

  it("shuts down gracefully and exports spans that link each consumer to its producer", async () => {
    const t = Date.now();
    for (const app of CONSUMERS) services.get(app)!.child.kill("SIGTERM");
    for (const app of CONSUMERS) expect(await services.get(app)!.exited, app).toBe(0);
    timings.shutdown = Date.now() - t;

    const spans = otlp.spans;
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const attr = (s: Span, key: string) => s.attributes?.find((a) => a.key === key)?.value.stringValue;
    const sends = spans.filter((s) => s.service === "order-service" && s.kind === SPAN_KIND_PRODUCER);
    expect(sends.length).toBeGreaterThanOrEqual(N);

    // Each order's trace: order-service send → enrich-order process → enrich-order send → fulfilment process.
    for (const send of sends.slice(0, N)) {
      const processed = spans.find((s) => s.service === "enrich-order" && s.kind === SPAN_KIND_CONSUMER && s.parentSpanId === send.spanId);
      expect(processed, `enrich-order span for ${send.spanId}`).toBeDefined();
      expect(processed!.traceId).toBe(send.traceId);
      expect(attr(processed!, "messaging.consumer.group.name")).toBe("enrich-order");
      const fulfilled = spans.find((s) => s.service === "fulfilment" && s.kind === SPAN_KIND_CONSUMER && s.traceId === send.traceId);
      expect(fulfilled, `fulfilment span in trace ${send.traceId}`).toBeDefined();
      const parent = byId.get(fulfilled!.parentSpanId ?? "");
      expect(parent).toMatchObject({ service: "enrich-order", kind: SPAN_KIND_PRODUCER });
      expect(attr(fulfilled!, "messaging.consumer.group.name")).toBe("fulfilment");
    }
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(["order-service", ...CONSUMERS]));

    // The same spans through Flowlens's decoder and trace assembly: one waterfall per order runs
    // producer → transformer → consumers, each step nested under the one before it.
    const send = sends[0]!;
    const waterfall = buildWaterfall(send.traceId, otlp.decoded.filter((s) => s.traceId === send.traceId));
    const step = (service: string, kind: number) => waterfall.rows.find((r) => r.span.service === service && r.span.kind === kind);
    const path = [step("order-service", SPAN_KIND_PRODUCER), step("enrich-order", SPAN_KIND_CONSUMER), step("enrich-order", SPAN_KIND_PRODUCER), step("fulfilment", SPAN_KIND_CONSUMER)];
    for (const row of path) expect(row).toBeDefined();
    for (let i = 1; i < path.length; i++) {
      expect(path[i]!.depth, `${path[i]!.span.name} nested under ${path[i - 1]!.span.name}`).toBeGreaterThan(path[i - 1]!.depth);
      expect(waterfall.rows.indexOf(path[i]!)).toBeGreaterThan(waterfall.rows.indexOf(path[i - 1]!));
    }
    expect(path[1]!.span).toMatchObject({ topic: "orders", consumerGroup: "enrich-order" });
    expect(path[3]!.span).toMatchObject({ topic: "orders.enriched", consumerGroup: "fulfilment" });
  });
});
