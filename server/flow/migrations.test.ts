import { describe, expect, it } from "vitest";
import { FLOW_SCHEMA_VERSION } from "./model";
import { FlowFormatError, migrateFlow, migrations } from "./migrations";
import { orderFulfilmentFlow } from "./samples/order-fulfilment";

describe("flow migrations", () => {
  it("has one step for every earlier schemaVersion", () => {
    for (let v = 1; v < FLOW_SCHEMA_VERSION; v++) expect(migrations[v], `migration from v${v}`).toBeTypeOf("function");
  });

  it("opens a v1 flow (as the first release saved it) as the current version", () => {
    const v1 = { schemaVersion: 1, name: "Legacy", description: "from v1", nodes: [], edges: [] };
    expect(migrateFlow(v1)).toEqual({ schemaVersion: 2, name: "Legacy", description: "from v1", version: "1.0.0", nodes: [], edges: [] });
  });

  it("round-trips a current flow unchanged", () => {
    const doc = orderFulfilmentFlow();
    expect(migrateFlow(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
  });

  it.each([
    [null, /must be a JSON object/],
    [[], /must be a JSON object/],
    [{ name: "x" }, /schemaVersion is missing/],
    [{ schemaVersion: 99, name: "x" }, /newer Flowlens \(schemaVersion 99/],
    [{ schemaVersion: 2, name: "x", nodes: [{ kind: "banana", id: "a", name: "a" }] }, /nodes\.0\.kind/],
    [{ schemaVersion: 2, name: "x", nodes: [{ kind: "topic", id: "a", name: "a", partitions: -1 }] }, /nodes\.0\.partitions/],
    [{ schemaVersion: 2, name: "x", nodes: [], edges: [{ id: "e", kind: "publishes", source: "a", target: "b" }] }, /edge e points at a node that does not exist/],
    [{ schemaVersion: 2, name: "x", nodes: [{ kind: "topic", id: "a", name: "a" }, { kind: "topic", id: "a", name: "b" }] }, /node id a is used twice/],
  ])("refuses %j with a clear message", (input, message) => {
    expect(() => migrateFlow(input)).toThrow(FlowFormatError);
    expect(() => migrateFlow(input)).toThrow(message);
  });
});
