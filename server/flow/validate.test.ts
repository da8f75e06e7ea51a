import { describe, expect, it } from "vitest";
import { emptyFlow, type FlowDoc } from "./model";
import { addNode, connect, createNode, updateEdge, updateNode } from "./operations";
import { orderFulfilmentFlow } from "./samples/order-fulfilment";
import { cycles, validate } from "./validate";

function build(nodes: Array<[Parameters<typeof createNode>[1], string, Record<string, unknown>?]>, edges: Array<[string, string]>): FlowDoc {
  let doc = emptyFlow("t");
  for (const [kind, id, patch] of nodes) {
    doc = addNode(doc, createNode(doc, kind, id, undefined, id));
    if (patch) {
      const r = updateNode(doc, id, patch);
      if (!r.ok) throw new Error(r.reason);
      doc = r.doc;
    }
  }
  edges.forEach(([s, t], i) => {
    const r = connect(doc, s, t, `e${i}`);
    if (!r.ok) throw new Error(r.reason);
    doc = r.doc;
  });
  return doc;
}
const codes = (doc: FlowDoc) => validate(doc).map((d) => `${d.code}@${d.nodeId}`).sort();

describe("validate", () => {
  it("finds nothing wrong with the sample flow", () => {
    expect(validate(orderFulfilmentFlow())).toEqual([]);
  });

  it("flags a topic with no producer and no consumer, naming the node and a fix", () => {
    const [a, b] = validate(build([["topic", "lonely"]], []));
    expect(a).toMatchObject({ code: "topic-no-producer", nodeId: "lonely", severity: "warning" });
    expect(a!.message).toContain("“lonely”");
    expect(a!.fix).toMatch(/Connect a producer/);
    expect(b).toMatchObject({ code: "topic-no-consumer", nodeId: "lonely" });
  });

  it("flags a consumer without a group id as an error", () => {
    const doc = build([["producer", "p"], ["topic", "t"], ["consumer", "c", { groupId: "  ", retry: { maxAttempts: 1 } }]], [["p", "t"], ["t", "c"]]);
    expect(validate(doc)).toEqual([expect.objectContaining({ code: "consumer-no-group", nodeId: "c", severity: "error" })]);
  });

  it("flags a transformer without an output", () => {
    const doc = build([["producer", "p"], ["topic", "t"], ["transformer", "x", { retry: { maxAttempts: 1 } }]], [["p", "t"], ["t", "x"]]);
    expect(codes(doc)).toEqual(["transformer-no-output@x"]);
  });

  it("flags duplicate topic names", () => {
    const doc = build([["topic", "a"], ["topic", "b", { name: "a" }]], []);
    expect(codes(doc)).toContain("duplicate-topic-name@b");
  });

  it("flags consumer concurrency above the topic's partitions", () => {
    const doc = build([["producer", "p"], ["topic", "t", { partitions: 2 }], ["consumer", "c", { concurrency: 5, retry: { maxAttempts: 1 } }]], [["p", "t"], ["t", "c"]]);
    const [d] = validate(doc);
    expect(d).toMatchObject({ code: "concurrency-above-partitions", nodeId: "c" });
    expect(d!.message).toMatch(/3 would sit idle/);
    expect(d!.fix).toMatch(/Lower its concurrency to 2/);
  });

  it("flags a DLQ with no source, and retries with no DLQ", () => {
    const doc = build([["producer", "p"], ["topic", "t"], ["consumer", "c"], ["dlq", "d"]], [["p", "t"], ["t", "c"]]);
    expect(codes(doc)).toEqual(["dlq-no-source@d", "no-dlq@c"]);
  });

  it("flags a cycle through transformers", () => {
    const doc = build(
      [["transformer", "x1", { retry: { maxAttempts: 1 } }], ["topic", "a"], ["transformer", "x2", { retry: { maxAttempts: 1 } }], ["topic", "b"]],
      [["x1", "a"], ["a", "x2"], ["x2", "b"], ["b", "x1"]],
    );
    expect(cycles(doc)).toHaveLength(1);
    const d = validate(doc).find((x) => x.code === "cycle")!;
    expect(d.message).toMatch(/loop forever through/);
    expect(d.message).toContain("“x1”");
  });

  describe("schemas along edges", () => {
    const topicSchema = { type: "object", required: ["id", "amount"], properties: { id: { type: "string" }, amount: { type: "number" } } };
    const base = () =>
      build(
        [["producer", "p"], ["topic", "t", { messages: [{ name: "Paid", payload: topicSchema }] }], ["consumer", "c", { retry: { maxAttempts: 1 } }]],
        [["p", "t"], ["t", "c"]],
      );

    it("flags a required field the producer does not provide", () => {
      const doc = updateEdge(base(), "e0", { schema: { type: "object", required: ["id"], properties: { id: { type: "string" } } } });
      const [d] = validate(doc);
      expect(d).toMatchObject({ code: "schema-incompatible", nodeId: "p", edgeId: "e0", severity: "error" });
      expect(d!.message).toMatch(/\/amount is required by “t” \(Paid\) but not sent by “p”/);
    });

    it("flags a type change on the consumer side", () => {
      const doc = updateEdge(base(), "e1", { schema: { type: "object", required: ["amount"], properties: { amount: { type: "string" } } } });
      const [d] = validate(doc);
      expect(d).toMatchObject({ code: "schema-incompatible", nodeId: "c" });
      expect(d!.message).toMatch(/\/amount is sent as number, read as string/);
    });

    it("accepts a consumer that needs less than the topic gives", () => {
      const doc = updateEdge(base(), "e1", { schema: { type: "object", required: ["id"], properties: { id: { type: "string" } } } });
      expect(validate(doc)).toEqual([]);
    });
  });

  it("flags a payload that is not a JSON Schema", () => {
    const doc = build([["producer", "p"], ["topic", "t", { messages: [{ name: "M", payload: { type: "objekt" } }] }], ["consumer", "c", { retry: { maxAttempts: 1 } }]], [["p", "t"], ["t", "c"]]);
    const [d] = validate(doc);
    expect(d).toMatchObject({ code: "invalid-json-schema", nodeId: "t" });
    expect(d!.message).toMatch(/payload of M is not a valid JSON Schema/);
  });
});

describe("generated flows", () => {
  it("builds a 1,000-node, 1,500-edge flow that obeys every connection rule", async () => {
    const { generateFlow } = await import("./samples/generate");
    const { migrateFlow } = await import("./migrations");
    const doc = generateFlow(1000, 1500);
    expect(doc.nodes).toHaveLength(1000);
    expect(doc.edges).toHaveLength(1500);
    expect(migrateFlow(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
    expect(validate(doc).filter((d) => d.severity === "error")).toEqual([]);
  });
});
