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
    type Message = { bindings: { kafka: { key: unknown } }; headers: { required: string[] }; payload: { required: string[] } };
    const doc = emitAsyncApi(flow) as unknown as { channels: Record<string, { bindings: { kafka: unknown } }>; components: { messages: Record<string, Message> } };
    expect(doc.channels["orders"]!.bindings.kafka).toEqual({
      topic: "orders",
      partitions: 3,
      replicas: 1,
      topicConfiguration: { "cleanup.policy": ["delete"], "retention.ms": 604800000 },
      bindingVersion: "0.5.0",
    });
    const placed = doc.components.messages["orders.OrderPlaced"]!;
    expect(placed.bindings.kafka.key).toEqual({ type: "string", description: "orderId" });
    expect(placed.headers.required).toEqual(expect.arrayContaining(["ce_id", "ce_source", "ce_type", "ce_specversion"]));
    expect(placed.payload.required).toEqual(["orderId", "customerId", "items", "total"]);
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
