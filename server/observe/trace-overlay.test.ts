import { describe, expect, it } from "vitest";
import { appNameOf } from "../flow/asyncapi/emit";
import { isApp } from "../flow/model";
import { orderFulfilmentFlow } from "../flow/samples/order-fulfilment";
import { edgeLatencies, tracePath } from "./trace-overlay";
import { publishConsumeLatencies, type TraceSpan } from "./traces";

const doc = orderFulfilmentFlow();
const node = (name: string) => doc.nodes.find((n) => n.name === name)!;
const app = (name: string) => {
  const n = node(name);
  return isApp(n) ? appNameOf(n) : name;
};
const edge = (from: string, to: string) => doc.edges.find((e) => e.source === node(from).id && e.target === node(to).id)!;

let seq = 0;
function span(p: Partial<TraceSpan> & Pick<TraceSpan, "service" | "kind">): TraceSpan {
  seq++;
  return {
    traceId: "a".repeat(32),
    spanId: seq.toString(16).padStart(16, "0"),
    parentSpanId: null,
    name: "span",
    startNs: 1_700_000_000_000_000_000n,
    durationNs: 1_000_000n,
    statusCode: 0,
    topic: null,
    consumerGroup: null,
    partition: null,
    offset: null,
    links: [],
    ...p,
  };
}

describe("tracePath", () => {
  it("lights the applications, topics and edges a message went through, and marks where it failed", () => {
    const send = span({ service: app("order-service"), kind: 4, topic: "orders" });
    const enrich = span({ service: app("enrich-order"), kind: 5, topic: "orders", links: [send] });
    const emit = span({ service: app("enrich-order"), kind: 4, topic: "orders.enriched", parentSpanId: enrich.spanId });
    const fail = span({ service: app("fulfilment"), kind: 5, topic: "orders.enriched", statusCode: 2, links: [emit] });
    const dead = span({ service: app("fulfilment"), kind: 4, topic: "orders.dlq", parentSpanId: fail.spanId });
    const path = tracePath(doc, [send, enrich, emit, fail, dead, span({ service: "billing-legacy", kind: 1 })]);
    expect(new Set(path.nodes)).toEqual(new Set(["order-service", "orders", "enrich-order", "orders.enriched", "fulfilment", "orders.dlq"].map((n) => node(n).id)));
    expect(new Set(path.edges)).toEqual(
      new Set([edge("order-service", "orders"), edge("orders", "enrich-order"), edge("enrich-order", "orders.enriched"), edge("orders.enriched", "fulfilment"), edge("fulfilment", "orders.dlq")].map((e) => e.id)),
    );
    // payment never saw this message: its edge stays dark.
    expect(path.edges).not.toContain(edge("orders.enriched", "payment").id);
    expect(path.errors).toEqual({ [node("fulfilment").id]: 1 });
    expect(path.unmatchedServices).toEqual(["billing-legacy"]);
  });
});

describe("edgeLatencies", () => {
  it("puts p50 and p95 publish→consume latency on each consuming edge, from linked producer/consumer pairs", () => {
    const spans: TraceSpan[] = [];
    for (let i = 1; i <= 20; i++) {
      const p = span({ service: app("enrich-order"), kind: 4, topic: "orders.enriched", startNs: BigInt(i) * 1_000_000_000n });
      const c = span({ service: app("payment"), kind: 5, topic: "orders.enriched", links: [p], startNs: BigInt(i) * 1_000_000_000n + BigInt(i) * 1_000_000n });
      spans.push(p, c);
    }
    const latencies = edgeLatencies(doc, publishConsumeLatencies(spans));
    expect(latencies[edge("orders.enriched", "payment").id]).toEqual({ count: 20, p50Ms: 10, p95Ms: 19 });
    expect(latencies[edge("orders.enriched", "fulfilment").id]).toBeUndefined();
    // Only pairs consumed inside the window count.
    const windowed = edgeLatencies(doc, publishConsumeLatencies(spans), { fromMs: 15_000, toMs: 30_000 });
    expect(windowed[edge("orders.enriched", "payment").id]).toMatchObject({ count: 6, p50Ms: 17 });
  });
});
