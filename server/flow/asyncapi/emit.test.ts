import { Parser } from "@asyncapi/parser";
import { describe, expect, it } from "vitest";
import { orderFulfilmentFlow } from "../samples/order-fulfilment";
import { generateFlow } from "../samples/generate";
import { applications, emitAsyncApi } from "./emit";

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
});
