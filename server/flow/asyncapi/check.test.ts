import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Parser, type Diagnostic } from "@asyncapi/parser";
import { parse, stringify } from "yaml";
import { orderFulfilmentFlow } from "../samples/order-fulfilment";
import { asyncApiParser, checkAsyncApi, checkEmittedAsyncApi, MAX_EXPANDED_VALUES } from "./check";
import { emitAsyncApi } from "./emit";
import { emittedSpecFile } from "./files";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const VALID = ["streetlights-3.0.yaml", "multi-message.yaml", "request-reply.yaml", "avro.yaml", "ledger.yaml", "price-client.yaml"];

describe("checkAsyncApi", () => {
  it("finds no errors in the valid fixtures, and tells their version", async () => {
    for (const name of VALID) {
      const r = await checkAsyncApi({ name, text: fixture(name) });
      expect(r.errors, name).toEqual([]);
      expect(r.version, name).toBe("3.0.0");
    }
    const old = await checkAsyncApi({ name: "account-2.6.yaml", text: fixture("account-2.6.yaml") });
    expect(old.errors).toEqual([]);
    expect(old.version).toBe("2.6.0");
  }, 60_000);

  it("accepts what Flowlens exports, in YAML and in JSON", async () => {
    const doc = emitAsyncApi(orderFulfilmentFlow());
    expect((await checkAsyncApi({ name: "flow.yaml", text: stringify(doc) })).errors).toEqual([]);
    expect((await checkAsyncApi({ name: "flow.json", text: JSON.stringify(doc, null, 2) })).errors).toEqual([]);
  }, 30_000);

  it("gives the parser's errors and warnings 1-based lines and columns", async () => {
    const text = fixture("invalid.yaml");
    const lines = text.split("\n");
    const r = await checkAsyncApi({ name: "invalid.yaml", text });
    expect(r.version).toBe("3.0.0");
    expect(r.errors.map((e) => [e.path, e.line, e.column])).toEqual(
      expect.arrayContaining([
        ["info", 4, 6],
        ["operations.placeOrder.action", 11, 13],
      ]),
    );
    const action = r.errors.find((e) => e.path === "operations.placeOrder.action")!;
    expect(lines[action.line! - 1]!.slice(action.column! - 1)).toBe("publish");

    const account = fixture("account-2.6.yaml").split("\n");
    const warnings = (await checkAsyncApi({ name: "account-2.6.yaml", text: account.join("\n") })).warnings;
    const messageId = warnings.find((w) => w.path === "components.messages.AccountCreated")!;
    expect(messageId.message).toMatch(/^account-2\.6\.yaml line \d+, column \d+: components\.messages\.AccountCreated: Message should have a "messageId" field defined\.$/);
    expect(account[messageId.line! - 1]!.trim()).toBe("AccountCreated:");
    expect(warnings.every((w) => w.line! >= 1 && w.column! >= 1)).toBe(true);
  }, 30_000);

  it("reports YAML and JSON syntax errors by line and column, before any parsing", async () => {
    const yaml = await checkAsyncApi({ name: "orders.yaml", text: "asyncapi: 3.0.0\ninfo:\n  title: 'Orders\n  version: '1'\n" });
    expect(yaml.errors.length).toBeGreaterThan(0);
    expect(yaml.errors[0]!.message).toMatch(/^orders\.yaml line \d+, column \d+: This is not valid YAML: /);
    expect(yaml.version).toBeUndefined();
    const json = await checkAsyncApi({ name: "pasted", text: '{"asyncapi": "3.0.0", "info": }' });
    expect(json.errors).toEqual([{ source: "pasted", line: 1, column: 31, message: "pasted line 1, column 31: This is not valid JSON: Unexpected token '}'." }]);
  });

  it("never throws on garbage", async () => {
    for (const text of ["", "\u0000\u0001\u0002", "[]", "null", "asyncapi: [3]", "asyncapi: 1.2.0", "{", "a: *nowhere", "x".repeat(100)]) {
      const r = await checkAsyncApi({ name: "x.yaml", text });
      expect(r.errors.length, JSON.stringify(text)).toBeGreaterThan(0);
      expect(r.errors.every((e) => e.message.startsWith("x.yaml")), JSON.stringify(text)).toBe(true);
    }
    const r = await checkAsyncApi({ name: "x.yaml", text: 42 as unknown as string });
    expect(r.errors[0]!.message).toBe("x.yaml: There is no text to read.");
  }, 30_000);

  it("reuses one parser", () => {
    expect(asyncApiParser()).toBe(asyncApiParser());
  });
});

describe("checkEmittedAsyncApi", () => {
  it("finds nothing wrong with what Flowlens emits, in YAML and JSON, and says what is wrong with a broken one, where", async () => {
    for (const format of ["yaml", "json"] as const) {
      const { file, document } = emittedSpecFile(orderFulfilmentFlow(), { format });
      expect(await checkEmittedAsyncApi({ name: file.fileName, text: file.text }, document), format).toEqual({ errors: [], warnings: [] });
    }
    const { file, document } = emittedSpecFile(orderFulfilmentFlow(), { format: "yaml" });
    const broken = file.text.replace(/^(\s*)title: .*$/m, "$1title: 42");
    const r = await checkEmittedAsyncApi({ name: file.fileName, text: broken }, document);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ path: "info.title", line: 3 });
    expect(r.errors[0]!.message).toMatch(/^order-fulfilment\.asyncapi\.yaml line 3, column \d+: info\.title: "title" property type must be string/);
  }, 30_000);

  it("refuses a document whose $refs expand past the bound, before the parser resolves them", async () => {
    // What an editor could put in a flow's schemas: each level points twice at the one below.
    const schemas: Record<string, unknown> = { l0: { type: "string" } };
    for (let i = 1; i <= 24; i++) schemas[`l${i}`] = { type: "object", properties: { a: { $ref: `#/components/schemas/l${i - 1}` }, b: { $ref: `#/components/schemas/l${i - 1}` } } };
    const document = { asyncapi: "3.0.0", info: { title: "bomb", version: "1" }, components: { schemas } };
    expect(2 ** 24).toBeGreaterThan(MAX_EXPANDED_VALUES);
    const r = await checkEmittedAsyncApi({ name: "bomb.json", text: JSON.stringify(document) }, document);
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^bomb\.json: It expands to more than 2,000,000 values after resolving \$refs/)]);
  });
});

describe("asyncApiParser (the meta-schema compiled once)", () => {
  const stock = new Parser();
  const text = (ds: Diagnostic[]) =>
    ds.map((d) => `${d.code} ${d.severity} ${d.path.join("/")} ${d.message} ${d.range.start.line}:${d.range.start.character}`).sort();

  it("says exactly what the stock parser says, of valid and broken documents, one after another", async () => {
    const flow = emitAsyncApi(orderFulfilmentFlow());
    type Doc = { info: Record<string, unknown>; channels: Record<string, Record<string, unknown>>; operations: Record<string, Record<string, unknown>> };
    const first = (m: Record<string, Record<string, unknown>>) => Object.values(m)[0]!;
    const broken: Array<[string, (d: Doc) => void]> = [
      ["a wrong type", (d) => (first(d.channels).address = 42)],
      ["a missing required field", (d) => delete d.info.version],
      ["an unknown property", (d) => (d.info.colour = "blue")],
      ["a bad operation action", (d) => (first(d.operations).action = "publish")],
      ["a $ref where none is allowed", (d) => (d.info = { $ref: "#/components/schemas/x" })],
      ["an unresolvable $ref", (d) => (first(d.operations).channel = { $ref: "#/channels/nowhere" })],
    ];
    const sources: Array<[string, string]> = [
      ...VALID.map((n): [string, string] => [n, fixture(n)]),
      ["account-2.6.yaml", fixture("account-2.6.yaml")],
      ["invalid.yaml", fixture("invalid.yaml")],
      ["flow.json", JSON.stringify(flow)],
      ...broken.map(([what, mutate]): [string, string] => {
        const d = structuredClone(flow) as unknown as Doc;
        mutate(d);
        return [what, JSON.stringify(d, null, 2)];
      }),
      ["2.6 with a wrong type", stringify({ ...(parse(fixture("account-2.6.yaml")) as object), info: { title: 7 } })],
    ];
    let errors = 0;
    for (const [name, source] of sources) {
      const ours = await asyncApiParser().validate(source);
      expect(text(ours), name).toEqual(text(await stock.validate(source)));
      errors += ours.filter((d) => d.severity === 0).length;
    }
    // The broken documents really were broken: the comparison covered errors, not only silence.
    expect(errors).toBeGreaterThanOrEqual(broken.length + 2);
  }, 120_000);
});
