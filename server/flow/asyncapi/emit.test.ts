import { Parser } from "@asyncapi/parser";
import { describe, expect, it } from "vitest";
import { orderFulfilmentFlow } from "../samples/order-fulfilment";
import { generateFlow } from "../samples/generate";
import { flowDocSchema, isTopicLike, type FlowDoc } from "../model";
import { applications, emitAsyncApi } from "./emit";
import { importAsyncApi } from "./import";

const parser = new Parser();
async function errorsOf(doc: object) {
  const diagnostics = await parser.validate(JSON.stringify(doc));
  return diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join(".")}: ${d.message}`);
}

describe("AsyncAPI 3.0 export", () => {
  const flow = orderFulfilmentFlow();

  it("emits a whole-flow document that @asyncapi/parser accepts with zero errors", async () => {
    const doc = emitAsyncApi(flow);
    expect(await errorsOf(doc)).toEqual([]);
    expect(doc).toMatchObject({ asyncapi: "3.0.0", info: { title: "Order fulfilment", version: "1.0.0" } });
    expect(Object.keys(doc.channels as object).sort()).toEqual(["orders", "orders.dlq", "orders.enriched"]);
  }, 30_000);

  it("emits one valid document per application, with only its own operations", async () => {
    for (const app of applications(flow)) {
      const doc = emitAsyncApi(flow, { app: app.appName });
      expect(await errorsOf(doc), app.appName).toEqual([]);
    }
    const fulfilment = emitAsyncApi(flow, { app: "fulfilment" });
    expect(Object.keys(fulfilment.operations as object).sort()).toEqual(["fulfilment.receive.orders.enriched", "fulfilment.send.orders.dlq"]);
    expect(fulfilment.operations).toMatchObject({
      "fulfilment.receive.orders.enriched": {
        action: "receive",
        bindings: { kafka: { groupId: { type: "string", enum: ["fulfilment"] }, clientId: { enum: ["fulfilment"] } } },
      },
    });
    expect(() => emitAsyncApi(flow, { app: "nobody" })).toThrow(/No application named “nobody”/);
  }, 60_000);

  it("carries Kafka bindings, the key schema and CloudEvents headers", () => {
    type Schema = { required: string[]; $ref?: string };
    type Message = { bindings: { kafka: { key: unknown } }; headers: Schema; payload: Schema };
    const doc = emitAsyncApi(flow) as unknown as {
      channels: Record<string, { bindings: { kafka: unknown } }>;
      components: { messages: Record<string, Message>; schemas: Record<string, Schema> };
    };
    expect(doc.channels["orders"]!.bindings.kafka).toEqual({
      topic: "orders",
      partitions: 3,
      replicas: 1,
      topicConfiguration: { "cleanup.policy": ["delete"], "retention.ms": 604800000 },
      bindingVersion: "0.5.0",
    });
    const placed = doc.components.messages["orders.OrderPlaced"]!;
    const resolve = (s: Schema) => (s.$ref ? doc.components.schemas[s.$ref.replace("#/components/schemas/", "")]! : s);
    expect(placed.bindings.kafka.key).toEqual({ type: "string", description: "orderId" });
    expect(resolve(placed.headers).required).toEqual(expect.arrayContaining(["ce_id", "ce_source", "ce_type", "ce_specversion"]));
    expect(resolve(placed.payload).required).toEqual(["orderId", "customerId", "items", "total"]);
  });

  it("writes a schema shared by several messages once, in components.schemas", () => {
    type Message = { headers: { $ref?: string }; payload: { $ref?: string; required?: string[] } };
    const doc = emitAsyncApi(flow) as unknown as { components: { messages: Record<string, Message>; schemas: Record<string, object> } };
    const placed = doc.components.messages["orders.OrderPlaced"]!;
    const enriched = doc.components.messages["orders.enriched.OrderEnriched"]!;
    // Both carry the same CloudEvents headers; their payloads differ.
    expect(placed.headers.$ref).toMatch(/^#\/components\/schemas\//);
    expect(enriched.headers.$ref).toBe(placed.headers.$ref);
    expect(placed.payload.$ref).toBeUndefined();
    expect(Object.keys(doc.components.schemas)).toHaveLength(1);
    const big = emitAsyncApi(generateFlow(100, 150)) as unknown as { components: { messages: Record<string, Message> } };
    expect(new Set(Object.values(big.components.messages).map((m) => m.payload.$ref)).size).toBe(1);
  });

  it("uses the linked cluster's brokers when given", async () => {
    const doc = emitAsyncApi(flow, { servers: [{ host: "broker-1:9093", secure: true }] });
    expect(doc.servers).toEqual({ kafka: { host: "broker-1:9093", protocol: "kafka-secure" } });
    expect(await errorsOf(doc)).toEqual([]);
  }, 30_000);

  it("the parser check does catch a broken document", async () => {
    const doc = emitAsyncApi(flow) as { channels: Record<string, Record<string, unknown>> };
    doc.channels["orders"]!.address = 42;
    expect((await errorsOf(doc)).length).toBeGreaterThan(0);
  }, 30_000);

  it("stays valid on a generated 100-node flow", async () => {
    expect(await errorsOf(emitAsyncApi(generateFlow(100, 150)))).toEqual([]);
  }, 60_000);

  /** A producer "shop" that publishes every message of one topic, and a consumer "audit" of it. */
  const oneTopic = (topic: Record<string, unknown>, extra: Partial<FlowDoc> = {}): FlowDoc =>
    flowDocSchema.parse({
      schemaVersion: 2,
      name: "Keys",
      nodes: [
        { kind: "producer", id: "shop", name: "shop", appName: "shop" },
        { kind: "topic", id: "t", name: "orders", ...topic },
        { kind: "consumer", id: "audit", name: "audit", appName: "audit", groupId: "audit" },
      ],
      edges: [
        { id: "e1", kind: "publishes", source: "shop", target: "t" },
        { id: "e2", kind: "subscribes", source: "t", target: "audit" },
      ],
      ...extra,
    });
  type Doc = {
    channels: Record<string, { messages: Record<string, { $ref: string }> } & Record<string, unknown>>;
    operations: Record<string, { messages: Array<{ $ref: string }> } & Record<string, unknown>>;
    components: { messages: Record<string, { name: string } & Record<string, unknown>> };
    info: Record<string, unknown>;
  };
  const at = (doc: object, ref: string) => ref.slice(2).split("/").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], doc) as Record<string, unknown>;

  it("keeps two messages whose names make the same key apart, and refers to each", async () => {
    const flow = oneTopic({ messages: [{ name: "Order Placed" }, { name: "Order_Placed", payload: { type: "string" } }] });
    flow.edges[1]!.message = "Order_Placed";
    const doc = emitAsyncApi(flow) as unknown as Doc;
    expect(await errorsOf(doc)).toEqual([]);
    const inChannel = doc.channels.orders!.messages;
    expect(Object.keys(inChannel)).toHaveLength(2);
    // Each channel entry and each operation reference reaches the message of that name.
    const names = Object.values(inChannel).map((r) => (at(doc, r.$ref) as { name: string }).name);
    expect(names.sort()).toEqual(["Order Placed", "Order_Placed"]);
    const reached = (op: string) => doc.operations[op]!.messages.map((r) => (at(doc, at(doc, r.$ref).$ref as string) as { name: string }).name);
    expect(reached("shop.send.orders").sort()).toEqual(["Order Placed", "Order_Placed"]);
    expect(reached("audit.receive.orders")).toEqual(["Order_Placed"]);
  }, 30_000);

  it("exports a topic and messages named __proto__ and constructor", async () => {
    const flow = oneTopic({ name: "__proto__", messages: [{ name: "__proto__" }, { name: "constructor", payload: { type: "string" } }] });
    flow.nodes[0] = { ...flow.nodes[0]!, servers: { constructor: { host: "b:9092", protocol: "kafka" } } } as FlowDoc["nodes"][number];
    const doc = emitAsyncApi(flow) as unknown as Doc & { servers: object };
    // Keys the parser can read, names as they are.
    expect(Object.keys(doc.channels)).toEqual(["__proto___"]);
    const channel = doc.channels["__proto___"]!;
    expect(channel).toMatchObject({ address: "__proto__", bindings: { kafka: { topic: "__proto__" } } });
    expect(Object.keys(channel.messages)).toEqual(["__proto___", "constructor_"]);
    expect(Object.values(doc.components.messages).map((m) => m.name)).toEqual(["__proto__", "constructor"]);
    expect(Object.keys(doc.servers)).toEqual(["constructor"]);
    const json = JSON.parse(JSON.stringify(doc)) as typeof doc;
    expect(Object.keys(json.channels)).toEqual(["__proto___"]);
    expect(Object.keys(json.servers)).toEqual(["constructor"]);
    expect(Object.keys(json.operations).sort()).toEqual(["audit.receive.__proto__", "shop.send.__proto__"]);
    expect(await errorsOf(doc)).toEqual([]);
    // And back: the same topic and messages.
    const r = await importAsyncApi([{ name: "keys.json", text: JSON.stringify(doc) }]);
    if (!r.ok) throw new Error(r.errors[0]!.message);
    const topic = r.flow.nodes.find(isTopicLike)!;
    expect([topic.name, topic.messages.map((m) => m.name)]).toEqual(["__proto__", ["__proto__", "constructor"]]);
  }, 30_000);

  it("writes only x- keys of stored extensions, never over the spec's own fields", () => {
    const bad = { payload: { type: "number" }, address: "elsewhere", title: "Hijacked", action: "receive", "x-kept": 1 };
    const flow = oneTopic({ extensions: bad, messages: [{ name: "Placed", extensions: bad }] });
    flow.nodes[0] = { ...flow.nodes[0]!, extensions: bad } as FlowDoc["nodes"][number];
    flow.edges[0]!.operations = [{ extensions: bad }];
    for (const doc of [emitAsyncApi(flow), emitAsyncApi(flow, { app: "shop" })] as unknown as Doc[]) {
      const channel = doc.channels.orders!;
      expect(channel).toMatchObject({ address: "orders", "x-kept": 1 });
      expect(channel.title).toBeUndefined();
      const message = doc.components.messages["orders.Placed"]!;
      expect(message).toMatchObject({ name: "Placed", title: "Placed", "x-kept": 1 });
      expect(message.payload).not.toEqual({ type: "number" });
      expect(doc.operations["shop.send.orders"]).toMatchObject({ action: "send", "x-kept": 1 });
    }
    const shop = emitAsyncApi(flow, { app: "shop" }) as unknown as Doc;
    expect(shop.info).toMatchObject({ title: "shop", "x-kept": 1 });
    expect(shop.info.payload).toBeUndefined();
  });
});
