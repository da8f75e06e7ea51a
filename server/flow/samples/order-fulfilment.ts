// The demo flow: orders are placed, enriched, then fulfilled and paid for.
import { layout } from "../layout";
import { emptyFlow, type FlowDoc, type MessageType } from "../model";
import { addNode, connect, createNode, moveNodes, updateNode, type OpResult } from "../operations";

const orderPlaced: MessageType = {
  name: "OrderPlaced",
  contentType: "application/json",
  schemaVersion: "1.0.0",
  cloudEvents: true,
  headers: { type: "object", properties: { "x-correlation-id": { type: "string" } } },
  payload: {
    title: "OrderPlaced",
    type: "object",
    required: ["orderId", "customerId", "items", "total"],
    properties: {
      orderId: { type: "string", format: "uuid" },
      customerId: { type: "string" },
      items: {
        type: "array",
        minItems: 1,
        items: {
          title: "OrderItem",
          type: "object",
          required: ["sku", "quantity"],
          properties: { sku: { type: "string" }, quantity: { type: "integer", minimum: 1 } },
        },
      },
      total: { type: "number", minimum: 0 },
      currency: { type: "string", enum: ["EUR", "USD", "GBP"], default: "EUR" },
    },
  },
};

const orderEnriched: MessageType = {
  ...orderPlaced,
  name: "OrderEnriched",
  payload: {
    ...orderPlaced.payload,
    title: "OrderEnriched",
    required: ["orderId", "customerId", "items", "total", "customerTier", "shippingAddress"],
    properties: {
      ...(orderPlaced.payload.properties as object),
      customerTier: { type: "string", enum: ["standard", "gold", "platinum"] },
      shippingAddress: {
        title: "ShippingAddress",
        type: "object",
        required: ["line1", "city", "country"],
        properties: { line1: { type: "string" }, city: { type: "string" }, postcode: { type: "string" }, country: { type: "string" } },
      },
    },
  },
};

function must(r: OpResult): FlowDoc {
  if (!r.ok) throw new Error(r.reason);
  return r.doc;
}

export function orderFulfilmentFlow(): FlowDoc {
  let doc = emptyFlow("Order fulfilment", "Orders are placed, enriched with customer data, then fulfilled and charged.");
  const node = (kind: Parameters<typeof createNode>[1], id: string, name: string, patch: Record<string, unknown> = {}) => {
    doc = addNode(doc, createNode(doc, kind, id, { x: 0, y: 0 }, name));
    doc = must(updateNode(doc, id, { owner: "team-orders", ...patch }));
  };
  node("producer", "order-service", "order-service", { description: "Checkout API; publishes an event per placed order." });
  node("topic", "orders", "orders", { partitions: 3, replicationFactor: 1, keySchema: { type: "string", description: "orderId" }, messages: [orderPlaced] });
  node("transformer", "enrich-order", "enrich-order", { description: "Adds the customer's tier and shipping address.", concurrency: 3 });
  node("topic", "orders-enriched", "orders.enriched", { partitions: 3, replicationFactor: 1, keySchema: { type: "string" }, messages: [orderEnriched] });
  node("consumer", "fulfilment", "fulfilment", { owner: "team-warehouse", description: "Picks, packs and ships.", retry: { maxAttempts: 3, backoff: "exponential", initialDelayMs: 200, maxDelayMs: 5000 } });
  node("dlq", "orders-dlq", "orders.dlq", { owner: "team-warehouse", partitions: 1, replicationFactor: 1, retentionMs: 1_209_600_000 });
  node("consumer", "payment", "payment", { owner: "team-payments", description: "Charges the customer.", retry: { maxAttempts: 1, backoff: "fixed", initialDelayMs: 0, maxDelayMs: 0 } });
  doc = must(updateNode(doc, "enrich-order", { retry: { maxAttempts: 1, backoff: "fixed", initialDelayMs: 0, maxDelayMs: 0 } }));
  doc = must(connect(doc, "order-service", "orders", "e1"));
  doc = must(connect(doc, "orders", "enrich-order", "e2"));
  doc = must(connect(doc, "enrich-order", "orders-enriched", "e3"));
  doc = must(connect(doc, "orders-enriched", "fulfilment", "e4"));
  doc = must(connect(doc, "orders-enriched", "payment", "e5"));
  doc = must(connect(doc, "fulfilment", "orders-dlq", "e6"));
  return moveNodes(doc, layout(doc));
}
