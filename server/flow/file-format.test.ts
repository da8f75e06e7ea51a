import { readFileSync } from "node:fs";
import { Validator, type Schema } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { flowJsonSchema, parseFlowFile, serializeFlow } from "./file-format";
import { layout } from "./layout";
import { orderFulfilmentFlow } from "./samples/order-fulfilment";

describe(".flow.json", () => {
  it("publishes an up-to-date JSON Schema (run: npx tsx scripts/gen-flow-schema.ts)", () => {
    const committed = JSON.parse(readFileSync("public/schemas/flow.schema.json", "utf8"));
    expect(committed).toEqual(flowJsonSchema());
  });

  it("the published schema accepts what Flowlens writes", () => {
    const file = JSON.parse(serializeFlow(orderFulfilmentFlow()));
    const r = new Validator(flowJsonSchema() as Schema, "7").validate(file);
    expect(r.errors).toEqual([]);
  });

  it("round-trips through a file, accepting a $schema pointer", () => {
    const doc = orderFulfilmentFlow();
    const text = serializeFlow(doc);
    expect(parseFlowFile(text)).toEqual(doc);
    const withSchema = JSON.stringify({ $schema: "http://localhost:3000/schemas/flow.schema.json", ...doc });
    expect(parseFlowFile(withSchema)).toEqual(doc);
  });

  it("reports where the JSON is broken", () => {
    expect(() => parseFlowFile('{\n  "schemaVersion": 2,\n  "name": "x",\n}')).toThrow(/Not valid JSON: .* at line 4, column 1/);
  });
});

describe("layout", () => {
  it("lays the sample out left to right in the direction data flows", () => {
    const doc = orderFulfilmentFlow();
    const p = layout(doc);
    expect(p["order-service"]!.x).toBeLessThan(p["orders"]!.x);
    expect(p["orders"]!.x).toBeLessThan(p["enrich-order"]!.x);
    expect(p["enrich-order"]!.x).toBeLessThan(p["orders-enriched"]!.x);
    expect(p["orders-enriched"]!.x).toBeLessThan(p["fulfilment"]!.x);
    expect(p["fulfilment"]!.x).toBeLessThan(p["orders-dlq"]!.x);
    expect(p["fulfilment"]!.y).not.toBe(p["payment"]!.y);
  });
});

describe("fixtures", () => {
  it("e2e/fixtures/order-fulfilment.flow.json is the current sample flow", () => {
    expect(readFileSync("e2e/fixtures/order-fulfilment.flow.json", "utf8")).toBe(serializeFlow(orderFulfilmentFlow()));
  });
});
