import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseFlowFile, serializeFlow } from "../flow/file-format";
import { orderFulfilmentFlow } from "../flow/samples/order-fulfilment";
import { runCli } from "@/tests/support/cli";

const dir = mkdtempSync(join(tmpdir(), "flowlens-cli-spec-"));
const flowFile = join(dir, "orders.flow.json");
writeFileSync(flowFile, serializeFlow(orderFulfilmentFlow()));

const run = runCli;

describe("flowlens export", () => {
  it("prints the whole flow's AsyncAPI 3.0 YAML to stdout", async () => {
    const r = await run("export", flowFile);
    expect(r.code).toBe(0);
    const doc = parse(r.out);
    expect(doc).toMatchObject({ asyncapi: "3.0.0", info: { title: "Order fulfilment" } });
    expect(Object.keys(doc.channels)).toEqual(expect.arrayContaining(["orders", "orders.enriched", "orders.dlq"]));
  }, 30_000);

  it("writes one application's JSON document with -o", async () => {
    const out = join(dir, "fulfilment.json");
    const r = await run("export", flowFile, "--app", "fulfilment", "--format", "json", "-o", out);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.info.title).toBe("fulfilment");
    expect(Object.values(doc.operations).map((o) => (o as { action: string }).action).sort()).toEqual(["receive", "send"]);
  }, 30_000);

  it("names the applications when --app is wrong, and refuses unknown formats", async () => {
    const r = await run("export", flowFile, "--app", "nobody");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no application named "nobody".*it has: .*fulfilment/);
    expect((await run("export", flowFile, "--format", "xml")).err).toMatch(/--format must be yaml or json/);
    expect((await run("export", join(dir, "missing.json"))).err).toMatch(/cannot read .*ENOENT/);
  });
});

describe("flowlens import", () => {
  it("turns exported documents back into a flow file", async () => {
    const specs = ["order-service", "enrich-order", "fulfilment"].map((app) => join(dir, `${app}.yaml`));
    for (const [i, app] of ["order-service", "enrich-order", "fulfilment"].entries()) {
      expect((await run("export", flowFile, "--app", app, "-o", specs[i]!)).code).toBe(0);
    }
    const out = join(dir, "imported.flow.json");
    const r = await run("import", ...specs, "-o", out, "--name", "Imported orders");
    expect(r.code, r.err).toBe(0);
    const flow = parseFlowFile(readFileSync(out, "utf8"));
    expect(flow.name).toBe("Imported orders");
    const names = (kind: string) => flow.nodes.filter((n) => n.kind === kind).map((n) => n.name).sort();
    expect([...names("topic"), ...names("dlq")].sort()).toEqual(["orders", "orders.dlq", "orders.enriched"]);
    expect(names("transformer")).toEqual(["enrich-order"]);
    expect(flow.edges.length).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it("reports a broken document by file, line and column, and writes nothing", async () => {
    const bad = join(dir, "broken.yaml");
    writeFileSync(bad, "asyncapi: 3.0.0\ninfo:\n  title: [unclosed\n");
    const out = join(dir, "never.flow.json");
    const r = await run("import", bad, "-o", out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/broken\.yaml line \d+, column \d+/);
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  it("asks for -o", async () => {
    expect((await run("import", flowFile)).err).toMatch(/-o flow\.json/);
  });
});

describe("flowlens stubs", () => {
  it("writes a project per application and never overwrites without --force", async () => {
    const out = join(dir, "stubs");
    const r = await run("stubs", flowFile, "--lang", "ts", "-o", out);
    expect(r.code, r.err).toBe(0);
    const projects = ["order-service", "enrich-order", "fulfilment", "payment"];
    for (const p of projects) {
      const pkg = JSON.parse(readFileSync(join(out, p, "package.json"), "utf8"));
      expect(pkg.dependencies.kafkajs).toBeDefined();
      expect(existsSync(join(out, p, "src", "handlers.ts"))).toBe(true);
    }
    const again = await run("stubs", flowFile, "--lang", "ts", "-o", out);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exist .* nothing written/);

    const mine = join(out, "fulfilment", "src", "handlers.ts");
    writeFileSync(mine, "// my business logic\n");
    const forced = await run("stubs", flowFile, "--lang", "ts", "-o", out, "--force");
    expect(forced.code).toBe(0);
    expect(readFileSync(mine, "utf8")).toBe("// my business logic\n");
    expect(forced.err).toMatch(/kept .*fulfilment\/src\/handlers\.ts/);
  }, 60_000);

  it("puts one application's project in its own folder, never in DIR itself", async () => {
    const out = join(dir, "one");
    mkdirSync(out);
    writeFileSync(join(out, "package.json"), '{"name":"my-repo"}');
    const r = await run("stubs", flowFile, "--lang", "ts", "-o", out, "--app", "fulfilment");
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(out, "package.json"), "utf8")).toBe('{"name":"my-repo"}');
    expect(readdirSync(out).sort()).toEqual(["fulfilment", "package.json"]);
    expect(existsSync(join(out, "fulfilment", "src", "main.ts"))).toBe(true);
  }, 60_000);

  it("does not follow a symlinked project folder out of DIR", async () => {
    const out = join(dir, "linked");
    const elsewhere = mkdtempSync(join(tmpdir(), "flowlens-elsewhere-"));
    mkdirSync(out);
    symlinkSync(elsewhere, join(out, "payment"));
    const r = await run("stubs", flowFile, "--lang", "ts", "-o", out, "--app", "payment");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is a link out of/);
    expect(readdirSync(elsewhere)).toEqual([]);
  }, 60_000);

  it("says so when it cannot write", async () => {
    const r = await run("export", flowFile, "-o", join(dir, "no-such-dir", "x.yaml"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot write .*x\.yaml: ENOENT/);
  }, 30_000);

  it("only knows TypeScript", async () => {
    const r = await run("stubs", flowFile, "--lang", "cobol", "-o", join(dir, "x"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--lang ts/);
  });
});
