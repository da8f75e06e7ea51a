import { convert } from "@asyncapi/converter";
import { Parser, type AsyncAPIDocumentInterface, type MessageInterface } from "@asyncapi/parser";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { isApp, isTopicLike, type FlowDoc } from "../model";
import { orderFulfilmentFlow } from "../samples/order-fulfilment";
import { applications, emitAsyncApi } from "./emit";
import { ExpansionError, MAX_IMPORT_CHARS, importAsyncApi, plainJson } from "./import";

type Json = Record<string, unknown>;
const parser = new Parser();
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

async function parsed(input: string | Json): Promise<AsyncAPIDocumentInterface> {
  const { document, diagnostics } = await parser.parse(typeof input === "string" ? input : JSON.stringify(input));
  const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join(".")}: ${d.message}`);
  expect(errors).toEqual([]);
  return document!;
}

async function imported(...names: string[]): Promise<FlowDoc> {
  const r = await importAsyncApi(names.map((name) => ({ name, text: fixture(name) })));
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join("\n"));
  return r.flow;
}

const plain = (v: unknown) => (plainJson(v) ?? {}) as Json;
const extensions = (o: Json) => Object.fromEntries(Object.entries(o).filter(([k]) => k.startsWith("x-") && !k.startsWith("x-flowlens-")));
function kafkaOf(o: Json): Json {
  const { bindingVersion: _version, ...rest } = ((o.bindings as Json | undefined)?.kafka ?? {}) as Json;
  return rest;
}
const names = (ms: MessageInterface[]) => ms.map((m) => m.name() ?? m.id()).sort();

/** What a document promises, read through the parser (refs resolved, traits applied), keyed by address and name. */
function contract(document: AsyncAPIDocumentInterface) {
  const channels: Record<string, { parameters: unknown; kafka: Json; extensions: Json; messages: Record<string, Json> }> = {};
  for (const c of document.channels().all()) {
    const messages: Record<string, Json> = {};
    for (const m of c.messages().all()) {
      const j = plain(m.json());
      messages[m.name() ?? m.id()] = {
        payload: j.payload,
        headers: j.headers,
        key: kafkaOf(j).key,
        correlationId: j.correlationId,
        contentType: m.contentType(),
        kafka: kafkaOf(j),
        extensions: extensions(j),
        title: j.title,
        summary: j.summary,
        examples: j.examples,
      };
    }
    const j = plain(c.json());
    channels[String(c.address())] = { parameters: j.parameters, kafka: kafkaOf(j), extensions: extensions(j), messages };
  }
  const operations = document.operations().all().map((op) => {
    const j = plain(op.json());
    const reply = op.reply();
    return {
      key: `${op.action()} ${op.channels().all()[0]?.address()} [${names(op.messages().all())}]`,
      kafka: kafkaOf(j),
      extensions: extensions(j),
      summary: j.summary,
      reply: reply ? { address: reply.address()?.location(), channel: reply.channel()?.address(), messages: names(reply.messages().all()) } : undefined,
    };
  });
  return { channels, operations, servers: plain(document.json().servers) };
}

/** Everything `before` says, `after` says too: channels, operations, messages, schemas, bindings, extensions. */
function expectNoLoss(before: ReturnType<typeof contract>, after: ReturnType<typeof contract>) {
  expect(Object.keys(after.channels).sort()).toEqual(Object.keys(before.channels).sort());
  for (const [address, ch] of Object.entries(before.channels)) {
    const got = after.channels[address]!;
    expect(got.parameters, `parameters of ${address}`).toEqual(ch.parameters);
    expect(got.kafka, `Kafka binding of ${address}`).toMatchObject(ch.kafka);
    expect(got.extensions, `extensions of ${address}`).toMatchObject(ch.extensions);
    expect(Object.keys(got.messages).sort(), `messages of ${address}`).toEqual(Object.keys(ch.messages).sort());
    for (const [name, m] of Object.entries(ch.messages)) {
      const g = got.messages[name]!;
      const what = `${name} on ${address}`;
      expect(g.payload, `payload of ${what}`).toEqual(m.payload);
      if (m.headers) expect(g.headers, `headers of ${what}`).toEqual(m.headers);
      if (m.key) expect(g.key, `Kafka key of ${what}`).toEqual(m.key);
      if (m.correlationId) expect(g.correlationId, `correlation id of ${what}`).toEqual(m.correlationId);
      expect(g.kafka, `Kafka binding of ${what}`).toMatchObject(m.kafka as Json);
      expect(g.extensions, `extensions of ${what}`).toMatchObject(m.extensions as Json);
      // A message without a content type (and no default) gets Flowlens's application/json: an addition, not a loss.
      for (const field of ["contentType", "title", "summary", "examples"]) if (m[field] !== undefined) expect(g[field], `${field} of ${what}`).toEqual(m[field]);
    }
  }
  expect(after.operations.map((o) => o.key).sort()).toEqual(before.operations.map((o) => o.key).sort());
  for (const op of before.operations) {
    const got = after.operations.find((o) => o.key === op.key)!;
    expect(got.kafka, `Kafka binding of ${op.key}`).toMatchObject(op.kafka);
    expect(got.extensions, `extensions of ${op.key}`).toMatchObject(op.extensions);
    expect(got.reply, `reply of ${op.key}`).toEqual(op.reply);
    if (op.summary) expect(got.summary).toBe(op.summary);
  }
  expect(after.servers).toMatchObject(before.servers);
}

/** Imports a document, exports its one application again, and checks the parser accepts it and nothing is lost. */
async function roundTrip(name: string, original?: string) {
  const flow = await imported(name);
  const apps = applications(flow);
  expect(apps).toHaveLength(1);
  const exported = emitAsyncApi(flow, { app: apps[0]!.appName });
  const before = contract(await parsed(original ?? fixture(name)));
  const after = contract(await parsed(exported));
  expectNoLoss(before, after);
  return { flow, exported, before, after };
}

const byId = (doc: FlowDoc) => ({
  ...doc,
  nodes: [...doc.nodes].sort((a, b) => a.id.localeCompare(b.id)),
  edges: [...doc.edges].sort((a, b) => a.id.localeCompare(b.id)),
});

describe("AsyncAPI import and lossless round trip", () => {
  it("streetlights: channel parameters, traits, Kafka bindings and x- extensions survive", async () => {
    const { flow, exported } = await roundTrip("streetlights-3.0.yaml");
    const measured = flow.nodes.find((n) => n.name === "smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured");
    expect(measured).toMatchObject({
      kind: "topic",
      partitions: 12,
      retentionMs: 86_400_000,
      parameters: { streetlightId: { description: "The ID of the streetlight." } },
      extensions: { "x-sensitivity": "low" },
      keySchema: { type: "string", description: "The streetlight id." },
    });
    // The message trait's header is now the message's own.
    expect(isTopicLike(measured!) && measured.messages[0]!.headers).toEqual({ type: "object", properties: { "my-app-header": { type: "integer", minimum: 0, maximum: 100 } } });
    const app = flow.nodes.find(isApp)!;
    expect(app).toMatchObject({ kind: "transformer", name: "Streetlights Kafka API", clientId: "lighting-controller", groupId: "lighting-controller", extensions: { "x-team": "public-lighting" } });
    expect(exported.servers).toEqual({ city: { host: "kafka.city.example:9093", protocol: "kafka-secure", description: "The city's own cluster.", "x-region": "eu-central" } });
    expect(Object.keys(exported.operations as Json).sort()).toEqual(["dimLight", "receiveLightMeasurement", "turnOff", "turnOn"]);
  }, 60_000);

  it("several messages on one channel, two operations on it, and schemas shared once", async () => {
    const { flow, exported } = await roundTrip("multi-message.yaml");
    const payments = flow.nodes.find((n) => n.name === "payments.v1");
    expect(payments && isTopicLike(payments) && payments.messages.map((m) => m.name)).toEqual(["PaymentAuthorized", "PaymentCaptured", "PaymentRefunded"]);
    expect(payments).toMatchObject({ partitions: 24, cleanupPolicy: "compact" });
    const edge = flow.edges.find((e) => e.target === payments!.id)!;
    expect(edge.operations?.map((o) => [o.id, o.messages])).toEqual([
      ["publishPaymentLifecycle", ["PaymentAuthorized", "PaymentCaptured"]],
      ["publishRefunds", ["PaymentRefunded"]],
    ]);
    // Four messages use one header schema: it is written once and referenced.
    const { schemas, messages } = exported.components as { schemas: Json; messages: Record<string, { headers: { $ref?: string } }> };
    const headerRefs = new Set(Object.values(messages).map((m) => m.headers.$ref));
    expect(headerRefs.size).toBe(1);
    expect(schemas[[...headerRefs][0]!.replace("#/components/schemas/", "")]).toMatchObject({ required: ["traceparent"] });
    expect((exported.channels as Record<string, { bindings: { kafka: Json } }>)["payments.v1"]!.bindings.kafka).toMatchObject({
      topicConfiguration: { "cleanup.policy": ["compact", "delete"], "retention.ms": 2_592_000_000 },
    });
  }, 60_000);

  it("request/reply: replies to a channel or to a runtime address, with correlation ids", async () => {
    const { flow, after } = await roundTrip("request-reply.yaml");
    const app = flow.nodes.find(isApp)!;
    expect(app).toMatchObject({ kind: "consumer", groupId: "pricing", clientId: "pricing" });
    const replies = flow.nodes.find((n) => n.name === "pricing.replies")!;
    const quote = flow.edges.find((e) => e.target === app.id && flow.nodes.find((n) => n.id === e.source)?.name === "pricing.requests")!;
    expect(quote.operations?.[0]?.reply).toEqual({ topic: replies.id, messages: ["PriceQuoted", "PriceUnavailable"] });
    const unknown = flow.nodes.find((n) => isTopicLike(n) && n.address === null);
    expect(unknown).toMatchObject({ name: "stockReplies", description: "Whatever topic the requester named in its replyTo header." });
    expect(after.operations.find((o) => o.key.startsWith("receive inventory.stock-checks"))?.reply).toEqual({ address: "$message.header#/replyTo", channel: null, messages: ["StockLevel"] });
    expect(after.channels["pricing.requests"]!.messages.PriceRequested!.correlationId).toEqual({ description: "Ties a reply to its request.", location: "$message.header#/correlationId" });
  }, 60_000);

  it("Avro and Protobuf payloads are kept verbatim, with their schema format and registry binding", async () => {
    const { flow, exported } = await roundTrip("avro.yaml");
    const customers = flow.nodes.find((n) => n.name === "customers.v1");
    const [registered, deleted] = isTopicLike(customers!) ? customers.messages : [];
    expect(registered).toMatchObject({ schemaFormat: "application/vnd.apache.avro;version=1.9.0", payload: { type: "record", namespace: "com.example.crm" } });
    expect(registered!.bindings).toEqual({ kafka: { schemaIdLocation: "payload", schemaIdPayloadEncoding: "confluent", schemaLookupStrategy: "TopicIdStrategy" } });
    expect(deleted!.schemaFormat).toBe("application/vnd.google.protobuf;version=3");
    const protobuf = (exported.components as { messages: Record<string, { payload: { schema: unknown } }> }).messages["customers.v1.CustomerDeleted"]!.payload.schema;
    expect(protobuf).toEqual(expect.stringContaining("message CustomerDeleted {"));
  }, 60_000);

  it("AsyncAPI 2.6: converted to 3.0, and nothing of the conversion is lost on export", async () => {
    const original = convert(fixture("account-2.6.yaml"), "3.0.0");
    const { flow, before } = await roundTrip("account-2.6.yaml", original);
    // The 2.6 document's own words are all there.
    expect(Object.keys(before.channels).sort()).toEqual(["account.commands", "account.{accountId}.created"]);
    expect(Object.keys(before.channels["account.commands"]!.messages).sort()).toEqual(["CloseAccount", "FreezeAccount"]);
    const app = flow.nodes.find(isApp)!;
    expect(app).toMatchObject({ kind: "transformer", appName: "Account service", clientId: "account-service", groupId: "account-service", extensions: { "x-team": "identity" } });
    expect(app.servers).toEqual({ production: { host: "kafka.identity.example:9092", protocol: "kafka", "x-environment": "prod" } });
    const created = flow.nodes.find((n) => n.name === "account.{accountId}.created");
    expect(created).toMatchObject({ partitions: 6, replicationFactor: 3, extensions: { "x-data-class": "personal" }, keySchema: { type: "string", description: "The account id." } });
    const r = await importAsyncApi([{ name: "account-2.6.yaml", text: fixture("account-2.6.yaml") }]);
    expect(r.ok && r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^account-2\.6\.yaml: AsyncAPI 2\.6\.0 was converted to 3\.0\.0/)]);
  }, 60_000);

  it("the comparison itself notices a lost header, payload field or operation", async () => {
    const flow = await imported("multi-message.yaml");
    const before = contract(await parsed(fixture("multi-message.yaml")));
    const loses = async (f: FlowDoc) => expectNoLoss(before, contract(await parsed(emitAsyncApi(f, { app: "Payment gateway" }))));
    await expect(loses(flow)).resolves.toBeUndefined();
    const noTenant = structuredClone(flow);
    const payments = noTenant.nodes.find((n) => n.name === "payments.v1")!;
    if (isTopicLike(payments)) delete (payments.messages[0]!.headers.properties as Json).tenant;
    await expect(loses(noTenant)).rejects.toThrow(/headers of PaymentAuthorized/);
    const noCurrency = structuredClone(flow);
    const refunds = noCurrency.nodes.find((n) => n.name === "payments.refund-requests")!;
    if (isTopicLike(refunds)) delete ((refunds.messages[0]!.payload.properties as Json).amount as Json).required;
    await expect(loses(noCurrency)).rejects.toThrow(/payload of RefundRequested/);
    const noRefunds = structuredClone(flow);
    noRefunds.edges = noRefunds.edges.map((e) => ({ ...e, operations: e.operations?.slice(0, 1) }));
    await expect(loses(noRefunds)).rejects.toThrow();
  }, 60_000);

  it("a whole-flow export of the sample imports back to the same flow", async () => {
    const flow = orderFulfilmentFlow();
    const r = await importAsyncApi([{ name: "order-fulfilment.yaml", text: stringify(emitAsyncApi(flow)) }]);
    expect(r.ok && r.warnings).toEqual([]);
    if (!r.ok) return;
    expect(byId(r.flow)).toEqual(byId(flow));
    expect(r.flow.edges.find((e) => e.kind === "deadLetters")).toMatchObject({ source: "fulfilment", target: "orders-dlq" });
    expect(r.flow.nodes.find((n) => n.id === "orders-dlq")?.kind).toBe("dlq");
  }, 60_000);

  it("the sample's per-application documents, imported together, merge back into the flow", async () => {
    const flow = orderFulfilmentFlow();
    const sources = applications(flow).map((a) => ({ name: `${a.appName}.json`, text: JSON.stringify(emitAsyncApi(flow, { app: a.appName })) }));
    const r = await importAsyncApi(sources);
    if (!r.ok) throw new Error(r.errors[0]!.message);
    const { description: _d, ...rest } = byId(r.flow);
    const { description: _e, ...expected } = byId(flow);
    expect(rest).toEqual(expected);
  }, 60_000);

  it("several documents: one application each, a shared channel is one topic", async () => {
    const r = await importAsyncApi([
      { name: "multi-message.yaml", text: fixture("multi-message.yaml") },
      { name: "ledger.yaml", text: fixture("ledger.yaml") },
    ]);
    if (!r.ok) throw new Error(r.errors[0]!.message);
    const flow = r.flow;
    expect(flow.name).toBe("Imported: Payment gateway, Ledger");
    expect(flow.nodes.filter((n) => n.name === "payments.v1")).toHaveLength(1);
    const payments = flow.nodes.find((n) => n.name === "payments.v1")!;
    expect(isTopicLike(payments) && payments.messages.map((m) => m.name)).toEqual(["PaymentAuthorized", "PaymentCaptured", "PaymentRefunded"]);
    expect(flow.nodes.filter(isApp).map((a) => [a.name, a.kind]).sort()).toEqual([
      ["Ledger", "transformer"],
      ["Payment gateway", "transformer"],
    ]);
    const ledger = flow.nodes.find((n) => n.name === "Ledger")!;
    expect(flow.edges.find((e) => e.source === payments.id && e.target === ledger.id)).toMatchObject({ kind: "subscribes", messages: ["PaymentCaptured", "PaymentRefunded"] });
    // The ledger's older PaymentRefunded differs from the gateway's: kept once, and said so.
    expect(r.warnings.map((w) => w.message)).toEqual([
      "ledger.yaml: Message PaymentRefunded on channel payments.v1 differs from the one in multi-message.yaml; the one from multi-message.yaml was kept.",
    ]);
    expect(flow.nodes.every((n) => Number.isFinite(n.position.x) && Number.isFinite(n.position.y))).toBe(true);
    expect(new Set(flow.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(flow.nodes.length);
    for (const app of applications(flow)) await parsed(emitAsyncApi(flow, { app: app.appName }));
    await parsed(emitAsyncApi(flow));
  }, 60_000);

  it("both sides of a request/reply contract merge, each keeping its reply", async () => {
    const flow = await imported("request-reply.yaml", "price-client.yaml");
    const requests = flow.nodes.find((n) => n.name === "pricing.requests")!;
    const replies = flow.nodes.find((n) => n.name === "pricing.replies")!;
    const storefront = flow.nodes.find((n) => n.name === "Storefront")!;
    expect(storefront.kind).toBe("producer");
    expect(flow.edges.find((e) => e.source === storefront.id)).toMatchObject({ target: requests.id, kind: "publishes", operations: [{ id: "askPrice", reply: { topic: replies.id, messages: ["PriceQuoted"] } }] });
    expect(flow.edges.filter((e) => e.source === requests.id).map((e) => e.target)).toEqual([flow.nodes.find((n) => n.name === "Pricing service")!.id]);
    const doc = contract(await parsed(emitAsyncApi(flow, { app: "Storefront" })));
    expect(doc.operations).toMatchObject([{ key: "send pricing.requests [PriceRequested]", reply: { channel: "pricing.replies", messages: ["PriceQuoted"] } }]);
  }, 60_000);
});

describe("AsyncAPI import errors", () => {
  const run = (name: string, text: string) => importAsyncApi([{ name, text }]);

  it("tells where broken YAML is broken, and parses nothing", async () => {
    const r = await run("orders.yaml", "asyncapi: 3.0.0\ninfo:\n  title: Orders\n  version: '1.0.0'\nchannels:\n  orders: [address: orders\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ source: "orders.yaml", line: expect.any(Number), column: expect.any(Number) });
    expect(r.errors[0]!.message).toMatch(/^orders\.yaml line \d+, column \d+: This is not valid YAML: /);
  });

  it("tells where broken JSON is broken", async () => {
    const r = await run("orders.json", '{\n  "asyncapi": "3.0.0",\n  "info": { "title": "Orders" "version": "1" }\n}');
    expect(!r.ok && r.errors).toEqual([expect.objectContaining({ line: 3, column: 31, message: "orders.json line 3, column 31: This is not valid JSON: Expected ',' or '}' after property value." })]);
  });

  it("reports what the parser rejects, at its line and column", async () => {
    const r = await run("invalid.yaml", fixture("invalid.yaml"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = fixture("invalid.yaml").split("\n");
    const action = r.errors.find((e) => e.path === "operations.placeOrder.action")!;
    expect(action.message).toMatch(/^invalid\.yaml line 11, column 13: operations\.placeOrder\.action: "action" property must be equal to one of the allowed values: "send", "receive"/);
    expect(lines[action.line! - 1]!.slice(action.column! - 1)).toBe("publish");
    expect(r.errors.find((e) => e.path === "info")?.message).toContain('must have required property "version"');
  }, 30_000);

  it("explains garbage instead of crashing", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["empty.yaml", "", /It is empty/],
      ["blank.yaml", "  \n\n", /It is empty/],
      ["image.png", "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR", /not text \(it looks like a binary file\)/],
      ["list.json", "[1, 2, 3]", /holds a list, not an AsyncAPI document/],
      ["number.yaml", "42", /single number value/],
      ["old.yaml", "asyncapi: 1.2.0\ninfo: {title: T, version: '1'}\ntopics: {}\n", /^old\.yaml line 1, column 11: AsyncAPI 1\.2\.0 is too old/],
      ["future.yaml", "asyncapi: 4.0.0\n", /AsyncAPI 4\.0\.0 is not supported/],
      ["api.yaml", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n", /This is an OpenAPI document/],
      ["nothing.yaml", "title: hello\n", /it has no asyncapi field/],
      ["two.yaml", "asyncapi: 3.0.0\n---\nasyncapi: 3.0.0\n", /several YAML documents/],
      ["loop.yaml", "a: &x [*x]\n", /.+/],
    ];
    for (const [name, text, message] of cases) {
      const r = await run(name, text);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.errors[0]!.message, name).toMatch(message);
    }
    const none = await importAsyncApi([]);
    expect(!none.ok && none.errors[0]!.message).toMatch(/nothing to import/);
  }, 30_000);

  it("refuses $refs to other files, which an import never fetches", async () => {
    const text = "asyncapi: 3.0.0\ninfo:\n  title: T\n  version: '1'\ncomponents:\n  schemas:\n    Order:\n      $ref: 'https://example.com/order.json'\n";
    const r = await run("orders.yaml", text);
    expect(!r.ok && r.errors[0]!.message).toMatch(/^orders\.yaml line 8, column 13: \$ref "https:\/\/example\.com\/order\.json" at components\.schemas\.Order\.\$ref points outside this document/);
  });

  it("imports a document that is not about Kafka, and says so", async () => {
    const text = [
      "asyncapi: 3.0.0",
      "info: {title: Sensors, version: '1.0.0'}",
      "servers:",
      "  broker: {host: 'mqtt.example:1883', protocol: mqtt}",
      "channels:",
      "  temperature:",
      "    address: sensors/temperature",
      "    messages:",
      "      reading: {payload: {type: number}}",
      "operations:",
      "  read: {action: receive, channel: {$ref: '#/channels/temperature'}}",
    ].join("\n");
    const r = await run("sensors.yaml", text);
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.warnings.map((w) => w.message)).toEqual(["sensors.yaml: It describes mqtt servers, not Kafka; its channels were imported as Kafka topics."]);
    expect(r.flow.nodes.map((n) => [n.kind, n.name])).toEqual([
      ["topic", "sensors/temperature"],
      ["consumer", "Sensors"],
    ]);
  }, 30_000);

  it("cuts a recursive schema instead of looping, and says where", async () => {
    const text = [
      "asyncapi: 3.0.0",
      "info: {title: Trees, version: '1.0.0'}",
      "channels:",
      "  nodes:",
      "    address: tree.nodes",
      "    messages:",
      "      nodeAdded: {name: NodeAdded, payload: {$ref: '#/components/schemas/Node'}}",
      "operations:",
      "  publish: {action: send, channel: {$ref: '#/channels/nodes'}}",
      "components:",
      "  schemas:",
      "    Node:",
      "      type: object",
      "      properties:",
      "        id: {type: string}",
      "        children: {type: array, items: {$ref: '#/components/schemas/Node'}}",
    ].join("\n");
    const r = await run("trees.yaml", text);
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^trees\.yaml: Channel nodes has a recursive schema \(Node\)/)]);
    const topic = r.flow.nodes.find(isTopicLike)!;
    expect(topic.messages[0]!.payload).toEqual({
      type: "object",
      properties: { id: { type: "string" }, children: { type: "array", items: { $comment: "Recursive reference to Node, cut on import" } } },
    });
    await parsed(emitAsyncApi(r.flow, { app: "Trees" }));
  }, 30_000);

  it("reports what the parser rejects in a 2.x document, at its own lines", async () => {
    const r = await run("legacy.yaml", "asyncapi: 2.6.0\ninfo:\n  title: Legacy\nchannels: {}\n");
    expect(!r.ok && r.errors.map((e) => e.message)).toEqual(['legacy.yaml line 2, column 6: info: "info" property must have required property "version".']);
  }, 30_000);

  it("names the document in every error when several are imported", async () => {
    const r = await importAsyncApi([
      { name: "good.yaml", text: fixture("avro.yaml") },
      { name: "bad.yaml", text: "asyncapi: 3.0.0\ninfo: [" },
      { name: "", text: "" },
    ]);
    expect(!r.ok && r.errors.map((e) => e.source)).toEqual(["bad.yaml", "pasted"]);
  }, 30_000);

  it("refuses $refs that expand past the budget, quickly, instead of running out of memory", async () => {
    // 25 levels that each point twice at the level below: 2^25 copies of L0 under every channel.
    const lines = ["asyncapi: 3.0.0", "info: {title: Bomb, version: '1.0.0'}", "channels:"];
    for (let c = 0; c < 4; c++) lines.push(`  c${c}:`, `    address: t${c}`, "    messages:", "      m: {payload: {$ref: '#/components/schemas/L25'}}");
    lines.push("operations:");
    for (let c = 0; c < 4; c++) lines.push(`  o${c}: {action: send, channel: {$ref: '#/channels/c${c}'}}`);
    lines.push("components:", "  schemas:", "    L0: {type: string}");
    for (let n = 1; n <= 25; n++) lines.push(`    L${n}: {type: object, properties: {a: {$ref: '#/components/schemas/L${n - 1}'}, b: {$ref: '#/components/schemas/L${n - 1}'}}}`);
    const started = Date.now();
    const r = await run("bomb.yaml", lines.join("\n"));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(!r.ok && r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^bomb\.yaml: It expands to more than 2,000,000 values after resolving \$refs; /)]);
  }, 30_000);

  it("copies values out of one import's documents against one shared budget", () => {
    const budget = { left: 10 };
    expect(plainJson({ a: [1, 2, 3] }, undefined, budget)).toEqual({ a: [1, 2, 3] });
    expect(budget.left).toBe(5);
    expect(() => plainJson({ b: [1, 2, 3, 4] }, undefined, budget)).toThrow(ExpansionError);
    expect(() => plainJson({ c: 1 }, undefined, budget)).toThrow(/expands to more than 2,000,000 values after resolving \$refs/);
  });

  it("refuses documents that are too large together", async () => {
    const half = `# ${"x".repeat(MAX_IMPORT_CHARS / 2)}\n`;
    const r = await importAsyncApi([
      { name: "a.yaml", text: half },
      { name: "b.yaml", text: half },
    ]);
    expect(!r.ok && r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^import: The documents are too large together \(10\.0 million characters\); Flowlens imports up to 10 million/)]);
  });

  it("says so when a document declares no operations", async () => {
    const text = ["asyncapi: 3.0.0", "info: {title: Topics, version: '1.0.0'}", "channels:", "  orders:", "    address: orders", "    messages:", "      placed: {payload: {type: object}}"].join("\n");
    const r = await run("topics.yaml", text);
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.warnings.map((w) => w.message)).toEqual(["topics.yaml: It declares no operations, so it became no application; its channels were imported as topics."]);
    expect(r.flow.nodes.map((n) => [n.kind, n.name])).toEqual([["topic", "orders"]]);
  }, 30_000);

  const doc = (title: string, address: string, action: "send" | "receive", info: Json = {}) =>
    JSON.stringify({
      asyncapi: "3.0.0",
      info: { title, version: "1.0.0", ...info },
      channels: { ch: { address, messages: { m: { name: `${address}Event`, payload: { type: "object" } } } } },
      operations: { op: { action, channel: { $ref: "#/channels/ch" } } },
    });

  it("keeps unrelated documents with the same title apart, and merges those of one Flowlens flow", async () => {
    const r = await importAsyncApi([
      { name: "a.json", text: doc("Orders API", "orders", "send") },
      { name: "b.json", text: doc("Orders API", "payments", "receive") },
    ]);
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.flow.nodes.filter(isApp).map((a) => [a.kind, a.name, a.appName])).toEqual([
      ["producer", "Orders API", "Orders API"],
      ["consumer", "Orders API (2)", "Orders API (2)"],
    ]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      'b.json: Its application "Orders API" has the name of one from a.json, but they are not parts of one Flowlens flow; it was imported as an application of its own, "Orders API (2)".',
    ]);
    const marker = { "x-flowlens-app": "Orders API", "x-flowlens-flow": "Shop" };
    const same = await importAsyncApi([
      { name: "a.json", text: doc("Orders API", "orders", "send", marker) },
      { name: "b.json", text: doc("Orders API", "payments", "receive", marker) },
    ]);
    if (!same.ok) throw new Error(same.errors[0]!.message);
    expect(same.warnings).toEqual([]);
    expect(same.flow.nodes.filter(isApp).map((a) => [a.kind, a.name])).toEqual([["transformer", "Orders API"]]);
    // A Flowlens document and an unrelated one do not merge either.
    const mixed = await importAsyncApi([
      { name: "a.json", text: doc("Orders API", "orders", "send", marker) },
      { name: "b.json", text: doc("Orders API", "payments", "receive") },
    ]);
    expect(mixed.ok && mixed.flow.nodes.filter(isApp).map((a) => a.name)).toEqual(["Orders API", "Orders API (2)"]);
  }, 30_000);

  it("keeps only x- keys as the extensions of a Flowlens node descriptor", async () => {
    const flow = orderFulfilmentFlow();
    const exported = emitAsyncApi(flow) as Json & { "x-flowlens-nodes": Json[] };
    exported["x-flowlens-nodes"] = exported["x-flowlens-nodes"].map((d) => (d.id === "fulfilment" ? { ...d, extensions: { title: "Hijacked", payload: {}, "x-team": "ops" } } : d.id === "order-service" ? { ...d, extensions: { address: "x" } } : d));
    const r = await run("flow.json", JSON.stringify(exported));
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.flow.nodes.find((n) => n.id === "fulfilment")?.extensions).toEqual({ "x-team": "ops" });
    expect(r.flow.nodes.find((n) => n.id === "order-service")).not.toHaveProperty("extensions");
    expect(r.flow.nodes.find((n) => n.id === "order-service")).toMatchObject({ kind: "producer" });
  }, 30_000);
});
