import fs, { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterEach, describe, expect, it, vi } from "vitest";
import { instanceProblems } from "../../json-schema/check";
import { emptyFlow, type FlowDoc, type MessageType } from "../../model";
import { addNode, connect, createNode, updateNode, type OpResult } from "../../operations";
import { orderFulfilmentFlow } from "../../samples/order-fulfilment";
import { DEAD_LETTER_HEADERS, generateAllTypeScriptStubs, generateTypeScriptStubs, STUB_DEPENDENCIES, type GeneratedFile } from "./index";
import { exampleOf, tsLiteral } from "./literal";
import { planApp } from "./plan";
import { withoutExternalRefs } from "./refs";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const file = (files: GeneratedFile[], path: string) => {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in ${files.map((x) => x.path).join(", ")}`);
  return f.content;
};

/**
 * Type-checks generated projects the way `tsc -p` would, in one program and without writing
 * them anywhere: their files live in memory under a directory of the repository, so kafkajs,
 * OpenTelemetry and the validator resolve from the repository's node_modules.
 */
function typeCheck(...projects: GeneratedFile[][]): string[] {
  const root = join(repoRoot, ".stub-typecheck");
  const memory = new Map(projects.flatMap((files, i) => files.map((f) => [join(root, String(i), f.path), f.content] as const)));
  const { options, errors } = ts.convertCompilerOptionsFromJson(JSON.parse(file(projects[0]!, "tsconfig.json")).compilerOptions, root);
  if (errors.length) return errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const original = { fileExists: host.fileExists, readFile: host.readFile, getSourceFile: host.getSourceFile, directoryExists: host.directoryExists };
  host.fileExists = (p) => memory.has(p) || original.fileExists(p);
  host.readFile = (p) => memory.get(p) ?? original.readFile(p);
  host.directoryExists = (d) => [...memory.keys()].some((p) => p.startsWith(`${d}/`)) || (original.directoryExists?.(d) ?? existsSync(d));
  host.getSourceFile = (p, lang, ...rest) => {
    const text = memory.get(p);
    return text === undefined ? original.getSourceFile(p, lang, ...rest) : ts.createSourceFile(p, text, lang);
  };
  // rootDir is each project's own src/; one program over several projects checks without it.
  const program = ts.createProgram({ rootNames: [...memory.keys()].filter((p) => p.endsWith(".ts")), options: { ...options, rootDir: undefined, noEmit: true }, host });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName.slice(root.length) ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

/** How often the code calls `process.exit`: injected code would change the count. */
function exitCalls(files: GeneratedFile[]): number {
  let n = 0;
  for (const f of files.filter((x) => x.path.endsWith(".ts"))) {
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.expression.getText() === "process.exit") n++;
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(f.path, f.content, ts.ScriptTarget.ES2022, true));
  }
  return n;
}

/** The string value of `property` in `const config = {…}` of config.ts, read from the syntax tree. */
function configValue(files: GeneratedFile[], property: string): string | undefined {
  const source = ts.createSourceFile("config.ts", file(files, "src/config.ts"), ts.ScriptTarget.ES2022, true);
  let value: string | undefined;
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node) && node.name.getText() === property) {
      const init = node.initializer;
      const literal = ts.isBinaryExpression(init) ? init.right : init; // env("…") ?? "default"
      if (ts.isStringLiteral(literal)) value = literal.text;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return value;
}

function must(r: OpResult): FlowDoc {
  if (!r.ok) throw new Error(r.reason);
  return r.doc;
}

const EVIL = 'x"; process.exit(1); //`${process.exit(2)}`\n*/ \u2028</script>\\';

/** Every name a user can type, made hostile: apps, topics, messages, groups, properties, enum values. */
function hostileFlow(): FlowDoc {
  let doc = emptyFlow(`${EVIL} flow`);
  const node = (kind: Parameters<typeof createNode>[1], id: string, name: string, patch: Record<string, unknown> = {}) => {
    doc = addNode(doc, createNode(doc, kind, id, { x: 0, y: 0 }, name));
    doc = must(updateNode(doc, id, patch));
  };
  const message: MessageType = {
    name: `${EVIL} Order`,
    contentType: "application/json",
    schemaVersion: "1.0.0",
    cloudEvents: true,
    headers: { type: "object", properties: {} },
    payload: {
      title: `${EVIL} title`,
      type: "object",
      required: ["id", EVIL],
      properties: {
        id: { type: "string" },
        [EVIL]: { type: "string", enum: [EVIL, "`${x}`", "*/"] },
        constructor: { type: "string", const: EVIL },
        "a'b": { type: "object", title: "Nested ' class", properties: { c: { type: "integer" } } },
      },
    },
  };
  node("producer", "p", `${EVIL} producer`, { clientId: EVIL, description: EVIL });
  node("topic", "in", `${EVIL}.in`, { messages: [message] });
  node("transformer", "t", `${EVIL} transformer`, { groupId: `${EVIL} group`, retry: { maxAttempts: 2, backoff: "fixed", initialDelayMs: 10, maxDelayMs: 10 } });
  node("topic", "out", `${EVIL}.out`, { messages: [{ ...message, name: `${EVIL} Out` }] });
  node("consumer", "c", `${EVIL} consumer`, { groupId: EVIL });
  node("dlq", "dlq", `${EVIL}.dlq`);
  doc = must(connect(doc, "p", "in", "e1"));
  doc = must(connect(doc, "in", "t", "e2"));
  doc = must(connect(doc, "t", "out", "e3"));
  doc = must(connect(doc, "out", "c", "e4"));
  doc = must(connect(doc, "c", "dlq", "e5"));
  return doc;
}

/** One consumer reading three topics: two carry a message called Order with different schemas, one carries raw bytes and two JSON types. */
function mixedFlow(): FlowDoc {
  let doc = emptyFlow("mixed");
  const order = (props: Record<string, unknown>): MessageType => ({
    name: "Order",
    contentType: "application/json",
    schemaVersion: "1.0.0",
    cloudEvents: false,
    headers: {},
    payload: { type: "object", required: Object.keys(props), properties: props },
  });
  doc = addNode(doc, createNode(doc, "topic", "a", { x: 0, y: 0 }, "orders.v1"));
  doc = must(updateNode(doc, "a", { messages: [order({ id: { type: "string" }, item: { title: "Item", type: "object", properties: { sku: { type: "string" } } } })] }));
  doc = addNode(doc, createNode(doc, "topic", "b", { x: 0, y: 0 }, "orders.v2"));
  doc = must(updateNode(doc, "b", { messages: [order({ id: { type: "integer" }, item: { title: "Item", type: "object", properties: { code: { type: "integer" } } } })] }));
  doc = addNode(doc, createNode(doc, "topic", "c", { x: 0, y: 0 }, "mixed"));
  doc = must(
    updateNode(doc, "c", {
      messages: [
        { name: "Blob", contentType: "application/octet-stream", payload: {} },
        { name: "Ping", payload: { type: "object", required: ["ping"], properties: { ping: { const: true } } } },
        { name: "Pong", payload: { type: "object", required: ["pong"], properties: { pong: { type: "number" } } } },
      ],
    }),
  );
  doc = addNode(doc, createNode(doc, "consumer", "reader", { x: 0, y: 0 }, "reader"));
  for (const t of ["a", "b", "c"]) doc = must(connect(doc, t, "reader", `e-${t}`));
  return doc;
}

describe("TypeScript stubs: the sample flow", () => {
  const flow = orderFulfilmentFlow();

  it("generates one project per application, producers with a publisher", async () => {
    const common = ["package.json", "tsconfig.json", "README.md", ".gitignore", "src/config.ts", "src/tracing.ts", "src/runtime.ts", "src/models.ts", "src/schemas.ts", "src/messages.ts", "src/examples.ts", "src/handlers.ts", "src/main.ts"];
    for (const app of ["enrich-order", "fulfilment", "payment"]) {
      expect((await generateTypeScriptStubs(flow, app)).map((f) => f.path).sort(), app).toEqual([...common].sort());
    }
    expect((await generateTypeScriptStubs(flow, "order-service")).map((f) => f.path).sort()).toEqual([...common, "src/publisher.ts"].sort());
    await expect(generateTypeScriptStubs(flow, "nope")).rejects.toThrow(/No application named/);
  });

  it("puts every application under its own directory", async () => {
    const files = await generateAllTypeScriptStubs(flow);
    expect([...new Set(files.map((f) => f.path.split("/")[0]))]).toEqual(["order-service", "enrich-order", "fulfilment", "payment"]);
  });

  it("pins the dependencies that work on Node 20 and builds with tsc", async () => {
    const pkg = JSON.parse(file(await generateTypeScriptStubs(flow, "fulfilment"), "package.json"));
    expect(pkg).toMatchObject({ name: "fulfilment", type: "commonjs", scripts: { build: "tsc -p .", start: "node dist/main.js" } });
    expect(pkg.dependencies).toEqual(STUB_DEPENDENCIES);
    expect(pkg.dependencies).toMatchObject({ kafkajs: "2.2.4", "@opentelemetry/api": "~1.9.0", "@opentelemetry/sdk-node": "~0.223.0", "@cfworker/json-schema": "^4.1.6" });
    expect(pkg.devDependencies.typescript).toBe("~5.9.0");
    // Every pinned dependency is one the repository has installed, so the integration test can link them.
    for (const name of Object.keys(pkg.dependencies)) expect(existsSync(join(repoRoot, "node_modules", name, "package.json")), name).toBe(true);
    const tsconfig = JSON.parse(file(await generateTypeScriptStubs(flow, "fulfilment"), "tsconfig.json"));
    expect(tsconfig.compilerOptions).toMatchObject({ strict: true, module: "NodeNext", outDir: "dist" });
  });

  it("wires the consumer with its group id, retry policy and dead-letter queue", async () => {
    const files = await generateTypeScriptStubs(flow, "fulfilment");
    const main = file(files, "src/main.ts");
    expect(main).toContain('groupId: "fulfilment"');
    expect(main).toContain('retry: { maxAttempts: 3, backoff: "exponential", initialDelayMs: 200, maxDelayMs: 5000 }');
    expect(main).toContain('deadLetterTopic: "orders.dlq"');
    expect(main).toContain('{ topic: "orders.enriched", messages: [specs.ordersEnrichedOrderEnriched], handle: (event) => handlers.onOrdersEnriched(');
    expect(main.indexOf('import { sdk } from "./tracing.js"')).toBeLessThan(main.indexOf("./runtime.js"));
    expect(file(files, "src/handlers.ts")).toContain('export async function onOrdersEnriched(event: Received<M.OrderEnriched, "OrderEnriched">): Promise<void>');
    expect(file(files, "src/config.ts")).toContain('["orders.enriched", "fulfilment"]');
    const runtime = file(files, "src/runtime.ts");
    expect(runtime).toContain("autoCommit: false");
    expect(runtime).toContain("await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }])");
    const readme = file(files, "README.md");
    for (const h of DEAD_LETTER_HEADERS) {
      expect(runtime).toContain(`${h.key}: "${h.header}"`);
      expect(readme).toContain(`\`${h.header}\``);
    }
  });

  it("gives the transformer its concurrency, no dead-letter queue, and a handler that emits", async () => {
    const files = await generateTypeScriptStubs(flow, "enrich-order");
    const main = file(files, "src/main.ts");
    expect(main).toContain('groupId: "enrich-order"');
    expect(main).toContain("concurrency: 3");
    expect(main).toContain('retry: { maxAttempts: 1, backoff: "fixed", initialDelayMs: 0, maxDelayMs: 0 }');
    expect(main).toContain("deadLetterTopic: null");
    const handlers = file(files, "src/handlers.ts");
    expect(handlers).toContain('Promise<Emitted<"orders.enriched">>');
    expect(handlers).toContain("return emit.orderEnriched({");
    expect(handlers).toContain("orderId: event.payload.orderId,");
    expect(handlers).not.toContain("customerTier: event.payload"); // only fields both schemas share are copied
  });

  it("gives the producer a typed send method and CloudEvents headers", async () => {
    const files = await generateTypeScriptStubs(flow, "order-service");
    expect(file(files, "src/publisher.ts")).toContain("sendOrderPlaced(payload: M.OrderPlaced, options?: SendOptions): Promise<void>;");
    expect(file(files, "src/schemas.ts")).toContain('ordersOrderPlaced: spec({ topic: "orders", name: "OrderPlaced", contentType: "application/json", cloudEvents: true');
    const runtime = file(files, "src/runtime.ts");
    for (const h of ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time"]) expect(runtime).toContain(`headers.${h} =`);
    expect(file(files, "src/handlers.ts")).toContain("ctx.publisher.sendOrderPlaced(examples.ordersOrderPlaced(), { key: randomUUID() })");
    expect(file(files, "src/config.ts")).toContain('app: "order-service"');
  });

  it("traces through the kafkajs instrumentation with the application's service name", async () => {
    const tracing = file(await generateTypeScriptStubs(flow, "payment"), "src/tracing.ts");
    expect(tracing).toContain("serviceName: config.app");
    expect(tracing).toContain("new BatchSpanProcessor(new OTLPTraceExporter({ url: config.otlpTracesUrl }))");
    expect(tracing).toContain('span.setAttribute("messaging.consumer.group.name", groupId)');
  });

  it("renders Modelina models with the schemas' titles, shared models once", async () => {
    const models = file(await generateTypeScriptStubs(flow, "enrich-order"), "src/models.ts");
    expect(models).toContain("interface OrderPlaced {");
    expect(models).toContain("interface OrderEnriched {");
    expect(models).toContain("  customerTier: CustomerTier;");
    expect(models.match(/interface OrderItem \{/g)).toHaveLength(1);
    expect(models).not.toMatch(/Anonym/);
    expect(models).not.toContain("additionalProperties");
  });

  it("draws sample payloads that pass their own schemas", () => {
    for (const app of ["order-service", "enrich-order"]) {
      for (const m of planApp(flow, app).messages) expect(instanceProblems(m.schema!, exampleOf(m.schema)), m.name).toEqual([]);
    }
  });

  it("keeps the handlers and wiring stable", async () => {
    const files = await generateTypeScriptStubs(flow, "enrich-order");
    expect(file(files, "src/handlers.ts")).toMatchSnapshot();
    expect(file(files, "src/main.ts")).toMatchSnapshot();
  });
});

describe("TypeScript stubs: hostile and unusual flows", () => {
  it("writes JSON data as TypeScript without letting __proto__ set a prototype", () => {
    expect(tsLiteral(JSON.parse('{"__proto__":{"a":1},"b-c":[1,"x"]}'))).toBe('{\n  ["__proto__"]: {\n    a: 1,\n  },\n  "b-c": [1, "x"],\n}');
  });

  it("turns hostile names into code that type-checks and runs nothing of theirs", async () => {
    const doc = hostileFlow();
    const all = await generateAllTypeScriptStubs(doc);
    const benign = await generateAllTypeScriptStubs(orderFulfilmentFlow());
    const perApp = (files: GeneratedFile[], dir: string) => files.filter((f) => f.path.startsWith(`${dir}/`)).map((f) => ({ path: f.path.slice(dir.length + 1), content: f.content }));
    const dirs = [...new Set(all.map((f) => f.path.split("/")[0]!))];
    expect(dirs).toHaveLength(3);
    for (const d of dirs) expect(d).toMatch(/^[a-z0-9-]+$/);

    const kinds = { producer: perApp(all, dirs[0]!), transformer: perApp(all, dirs[1]!), consumer: perApp(all, dirs[2]!) };
    const exits = { producer: exitCalls(perApp(benign, "order-service")), transformer: exitCalls(perApp(benign, "enrich-order")), consumer: exitCalls(perApp(benign, "fulfilment")) };
    expect(Object.values(exits).every((n) => n > 0)).toBe(true);
    for (const [kind, files] of Object.entries(kinds)) {
      expect(exitCalls(files), kind).toBe(exits[kind as keyof typeof exits]);
      expect(configValue(files, "app"), kind).toBe(`${EVIL} ${kind}`);
      for (const f of files.filter((x) => x.path.endsWith(".ts"))) {
        const source = ts.createSourceFile(f.path, f.content, ts.ScriptTarget.ES2022, true);
        const syntax = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
        expect(syntax.map((d) => d.messageText), `${kind} ${f.path}`).toEqual([]);
      }
    }
    expect(configValue(kinds.producer, "clientId")).toBe(EVIL);
    expect(file(kinds.consumer, "src/main.ts")).toContain(`groupId: ${JSON.stringify(EVIL).replace("\u2028", "\\u2028")},`);
    expect(JSON.parse(file(kinds.producer, "package.json")).name).toMatch(/^[a-z0-9][a-z0-9._~-]*$/);

    // The full type check of every project: identifiers, quoted keys and literal types all hold.
    expect(typeCheck(kinds.producer, kinds.transformer, kinds.consumer)).toEqual([]);
  }, 60_000);

  it("types a topic with several message types as a union, raw bytes as a Buffer, and keeps clashing model names apart", async () => {
    const files = await generateTypeScriptStubs(mixedFlow(), "reader");
    const handlers = file(files, "src/handlers.ts");
    expect(handlers).toContain('event: Received<Buffer, "Blob"> | Received<M.Ping, "Ping"> | Received<M.Pong, "Pong">');
    const models = file(files, "src/models.ts");
    expect(models).toContain("interface Item {");
    expect(models).toContain("interface Order {\n  id: string;\n  item: Item;");
    expect(models).toContain("interface OrdersV2Order {\n  id: number;\n  item: OrdersV2Item;");
    expect(models).toContain("interface OrdersV2Item {\n  code?: number;");
    expect(models).toContain("ping: true;");
    expect(typeCheck(files)).toEqual([]);
    // …and the check does see type errors:
    expect(typeCheck([...files, { path: "src/wrong.ts", content: 'export const n: number = "one";\n' }])).toHaveLength(1);
  }, 60_000);

});

/** A topic with the given message types, a producer publishing to it and a consumer reading it. */
function topicFlow(messages: Partial<MessageType>[], topicName = "events"): FlowDoc {
  let doc = emptyFlow("flow");
  doc = addNode(doc, createNode(doc, "producer", "p", { x: 0, y: 0 }, "writer"));
  doc = addNode(doc, createNode(doc, "topic", "t", { x: 0, y: 0 }, topicName));
  doc = must(updateNode(doc, "t", { messages }));
  doc = addNode(doc, createNode(doc, "consumer", "c", { x: 0, y: 0 }, "reader"));
  doc = must(connect(doc, "p", "t", "e1"));
  doc = must(connect(doc, "t", "c", "e2"));
  return doc;
}

describe("TypeScript stubs: review fixes", () => {
  afterEach(() => vi.restoreAllMocks());

  it("never fetches or reads what a payload schema points at, and leaves the stored flow alone", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockRejectedValue(new Error("no network in this test"));
    const readSpy = vi.spyOn(fs.promises, "readFile");
    const missing = "/nonexistent-flowlens-test/secret.json";
    const doc = topicFlow([
      { name: "Metadata", payload: { $ref: "http://169.254.169.254/latest/meta-data/" } },
      {
        name: "Files",
        payload: {
          title: "Files",
          type: "object",
          required: ["id"],
          properties: {
            id: { type: "string" },
            passwd: { $ref: "file:///etc/passwd" },
            absolute: { $ref: missing },
            relative: { $ref: "../nonexistent-flowlens-test.json#/x" },
            local: { $ref: "#/definitions/Local" },
          },
          definitions: { Local: { type: "integer" } },
          // ref-parser follows $refs anywhere, also in keywords it does not know; this one is local.
          "x-see": { $ref: "#/definitions/Local" },
        },
      },
      // Would be taken for an AsyncAPI document, or TypeScript input, and parsed or read as such.
      { name: "Sniffed", payload: { asyncapi: "2.6.0", info: { title: "x", version: "1" }, channels: {}, title: "Sniffed", type: "object", required: ["x"], properties: { x: { type: "string" } } } },
      { name: "TsInput", payload: { baseFile: missing, title: "TsInput", type: "object", required: ["y"], properties: { y: { type: "integer" } } } },
    ]);
    const before = structuredClone(doc);
    const started = Date.now();
    const files = await generateTypeScriptStubs(doc, "reader");
    const elapsed = Date.now() - started;

    expect(fetchSpy).not.toHaveBeenCalled();
    const paths = readSpy.mock.calls.map(([p]) => String(p));
    expect(paths.filter((p) => p.includes("passwd") || p.includes("nonexistent-flowlens"))).toEqual([]);
    expect(doc).toEqual(before);
    expect(elapsed).toBeLessThan(10_000);

    // schemas.ts: the stored schemas, minus the external $refs, each replaced by a $comment.
    const files2 = planApp(doc, "reader").messages.find((m) => m.name === "Files")!;
    const stored = before.nodes.find((n) => n.id === "t")! as { messages: MessageType[] };
    const expected = structuredClone(stored.messages[1]!.payload) as { properties: Record<string, unknown> };
    expected.properties.passwd = { $comment: "external $ref removed: file:///etc/passwd" };
    expected.properties.absolute = { $comment: `external $ref removed: ${missing}` };
    expected.properties.relative = { $comment: "external $ref removed: ../nonexistent-flowlens-test.json#/x" };
    expect(files2.schema).toEqual(expected);
    expect(files2.removedRefs).toEqual(["file:///etc/passwd", missing, "../nonexistent-flowlens-test.json#/x"]);
    const schemas = file(files, "src/schemas.ts");
    expect(schemas).toContain('$comment: "external $ref removed: http://169.254.169.254/latest/meta-data/"');
    expect(schemas).toContain('$comment: "external $ref removed: file:///etc/passwd"');
    expect(schemas).toContain('"x-see": {\n      $ref: "#/definitions/Local",');
    expect(schemas).not.toContain("x-modelgen");

    // The loose places are reported, and the sniffable payloads are modelled as JSON Schema.
    const readme = file(files, "README.md");
    expect(readme).toContain("## Loose payload types");
    expect(readme).toContain("`file:///etc/passwd`");
    expect(readme).toContain("`http://169.254.169.254/latest/meta-data/`");
    const models = file(files, "src/models.ts");
    expect(models).toContain("//   events Files (Files): file:///etc/passwd");
    expect(models).toContain("interface Files {\n  id: string;");
    expect(models).toContain("local?: number;");
    expect(models).toContain("interface Sniffed {\n  x: string;");
    expect(models).toContain("interface TsInput {\n  y: number;");
    expect(typeCheck(files)).toEqual([]);
  }, 60_000);

  it("copies schemas without external refs, keeping local ones, other keys and the original", () => {
    const original = JSON.parse('{"__proto__":{"$ref":"https://x/y"},"a":[{"$ref":"#/b"},{"$ref":"a.json","$comment":"mine"}],"const":{"$ref":""}}');
    const before = structuredClone(original);
    const { schema, removedRefs } = withoutExternalRefs(original);
    expect(original).toEqual(before);
    expect(Object.getPrototypeOf(schema)).toBe(Object.prototype);
    expect(Object.hasOwn(schema, "__proto__")).toBe(true);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(
      JSON.parse('{"__proto__":{"$comment":"external $ref removed: https://x/y"},"a":[{"$ref":"#/b"},{"$comment":"mine; external $ref removed: a.json"}],"const":{"$comment":"external $ref removed: "}}'),
    );
    expect(removedRefs).toEqual(["https://x/y", "a.json", ""]);
  });

  it("draws bounded samples from schemas that ask for millions of values", () => {
    const nested = (depth: number, leaf: unknown): unknown => (depth ? { type: "array", minItems: 10, items: nested(depth - 1, leaf) } : leaf);
    const leaves = (v: unknown): number => (Array.isArray(v) ? v.reduce((n: number, x) => n + leaves(x), 0) : 1);
    // 10^5 leaves without a budget.
    expect(leaves(exampleOf(nested(5, { type: "string" })))).toBeLessThanOrEqual(10_000);
    // 10^8 leaves, and 10^3 copies of a large constant.
    const started = Date.now();
    const deep = tsLiteral(exampleOf(nested(8, { type: "integer" })));
    const big = tsLiteral(exampleOf(nested(3, { const: Array.from({ length: 1000 }, (_, i) => i) })));
    const long = tsLiteral(exampleOf(nested(4, { type: "string", minLength: 1000 })));
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const text of [deep, big, long]) expect(text.length).toBeLessThan(1_000_000);
    // Simple schemas are drawn in full.
    expect(exampleOf({ type: "array", minItems: 3, items: { type: "integer", minimum: 2 } })).toEqual([2, 2, 2]);
  });

  it("subscribes, validates and sends only the message types an edge carries", async () => {
    const ping = (name: string): Partial<MessageType> => ({ name, payload: { type: "object", required: [name.toLowerCase()], properties: { [name.toLowerCase()]: { type: "string" } } } });
    let doc = topicFlow([ping("Alpha"), ping("Beta"), ping("Gamma")]);
    doc = { ...doc, edges: doc.edges.map((e) => (e.id === "e1" ? { ...e, messages: ["Alpha", "Beta"] } : e.id === "e2" ? { ...e, messages: ["Alpha", "Gamma"] } : e)) };

    const reader = await generateTypeScriptStubs(doc, "reader");
    expect(file(reader, "src/handlers.ts")).toContain('event: Received<M.Alpha, "Alpha"> | Received<M.Gamma, "Gamma">): Promise<void>');
    expect(file(reader, "src/main.ts")).toContain('{ topic: "events", messages: [specs.eventsAlpha, specs.eventsGamma], handle:');
    const readerSchemas = file(reader, "src/schemas.ts");
    expect(readerSchemas).toContain("eventsAlpha: spec(");
    expect(readerSchemas).toContain("eventsGamma: spec(");
    expect(readerSchemas).not.toContain("Beta");
    expect(file(reader, "src/models.ts")).not.toContain("Beta");

    const writer = await generateTypeScriptStubs(doc, "writer");
    const publisher = file(writer, "src/publisher.ts");
    expect(publisher).toContain("sendAlpha(payload: M.Alpha");
    expect(publisher).toContain("sendBeta(payload: M.Beta");
    expect(publisher).not.toContain("Gamma");
    expect(file(writer, "src/schemas.ts")).not.toContain("Gamma");
    expect(typeCheck(reader, writer)).toEqual([]);

    // `message` still selects one, and nothing selected means all of them.
    doc = { ...doc, edges: doc.edges.map((e) => (e.id === "e1" ? { ...e, messages: undefined, message: "Beta" } : e.id === "e2" ? { ...e, messages: undefined } : e)) };
    expect(planApp(doc, "writer").messages.map((m) => m.name)).toEqual(["Beta"]);
    expect(planApp(doc, "reader").messages.map((m) => m.name)).toEqual(["Alpha", "Beta", "Gamma"]);
  }, 60_000);

  it("generates topics, messages and payload keys named like Object.prototype members", async () => {
    const names = ["__proto__", "constructor", "toString", "hasOwnProperty"];
    const payload = JSON.parse(
      JSON.stringify({
        type: "object",
        required: [...names, "id"],
        properties: { constructor: { type: "string", format: "constructor" }, toString: { type: "string", format: "toString" }, id: { type: "string", format: "uuid" } },
      }),
    );
    // Samples (STRING_FORMATS is looked up by format) fill every required key as an own property, and pass the schema.
    const sample = exampleOf(payload);
    expect(Object.keys(sample as object)).toEqual([...names, "id"]);
    expect(instanceProblems(payload, sample)).toEqual([]);

    let doc = emptyFlow("proto");
    for (const [id, name] of [["t1", "__proto__"], ["t2", "constructor"]] as const) {
      doc = addNode(doc, createNode(doc, "topic", id, { x: 0, y: 0 }, name));
      doc = must(updateNode(doc, id, { messages: names.map((n) => ({ name: n, payload })) }));
    }
    doc = addNode(doc, createNode(doc, "producer", "p", { x: 0, y: 0 }, "__proto__"));
    doc = addNode(doc, createNode(doc, "transformer", "x", { x: 0, y: 0 }, "constructor"));
    doc = addNode(doc, createNode(doc, "consumer", "c", { x: 0, y: 0 }, "hasOwnProperty"));
    doc = must(connect(doc, "p", "t1", "e1"));
    doc = must(connect(doc, "t1", "x", "e2"));
    doc = must(connect(doc, "x", "t2", "e3"));
    doc = must(connect(doc, "t2", "c", "e4"));
    doc = { ...doc, edges: doc.edges.map((e) => (e.id === "e4" ? { ...e, messages: ["__proto__", "constructor"] } : e)) };

    const all = await generateAllTypeScriptStubs(doc);
    const dirs = [...new Set(all.map((f) => f.path.split("/")[0]!))];
    expect(dirs).toEqual(["proto", "constructor", "has-own-property"]);
    const project = (dir: string) => all.filter((f) => f.path.startsWith(`${dir}/`)).map((f) => ({ path: f.path.slice(dir.length + 1), content: f.content }));
    const [producer, transformer, consumer] = dirs.map(project) as [GeneratedFile[], GeneratedFile[], GeneratedFile[]];

    expect(file(transformer, "src/handlers.ts")).toContain(
      'event: Received<M.Proto, "__proto__"> | Received<M.ReservedConstructor, "constructor"> | Received<M.ReservedToString, "toString"> | Received<M.ReservedHasOwnProperty, "hasOwnProperty">): Promise<Emitted<"constructor">>',
    );
    expect(file(consumer, "src/handlers.ts")).toContain('event: Received<M.Proto, "__proto__"> | Received<M.ReservedConstructor, "constructor">): Promise<void>');
    expect(file(consumer, "src/main.ts")).toContain('{ topic: "constructor", messages: [specs.constructorProto, specs.constructorConstructor], handle:');
    expect(file(transformer, "src/messages.ts")).toContain("  constructor: (payload: M.ReservedConstructor, options?: SendOptions) => outgoing(specs.constructorConstructor, payload, options),");
    expect(file(producer, "src/publisher.ts")).toContain("sendConstructor(payload: M.ReservedConstructor");
    expect(file(producer, "src/examples.ts")).toContain('["__proto__"]: {},');
    expect(typeCheck(producer, transformer, consumer)).toEqual([]);
  }, 60_000);
});
