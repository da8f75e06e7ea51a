import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serializeFlow } from "../flow/file-format";
import { updateNode } from "../flow/operations";
import { orderFulfilmentFlow } from "../flow/samples/order-fulfilment";
import { runCli } from "@/tests/support/cli";

const dir = mkdtempSync(join(tmpdir(), "flowlens-cli-"));
function file(name: string, text: string) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const run = runCli;

describe("flowlens validate", () => {
  it("exits 0 on a clean flow", async () => {
    const r = await run("validate", file("ok.flow.json", serializeFlow(orderFulfilmentFlow())));
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/0 errors, 0 warnings/);
  });

  it("prints each problem with its fix and exits 1 on errors", async () => {
    const bad = updateNode(orderFulfilmentFlow(), "payment", { groupId: "" });
    const r = await run("validate", file("bad.flow.json", serializeFlow(bad.ok ? bad.doc : orderFulfilmentFlow())));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/error\s+Consumer “payment” has no consumer group id\.\n\s+fix: Set its group id/);
    expect(r.out).toMatch(/1 error, 0 warnings/);
  });

  it("emits JSON for scripts", async () => {
    const r = await run("validate", "--json", file("ok2.flow.json", serializeFlow(orderFulfilmentFlow())));
    expect(JSON.parse(r.out)).toMatchObject({ flow: "Order fulfilment", errors: 0, warnings: 0, diagnostics: [] });
  });

  it("exits 2 with a clear message for unreadable or malformed files", async () => {
    expect(await run("validate", join(dir, "missing.json"))).toMatchObject({ code: 2, err: expect.stringMatching(/cannot read .*ENOENT/) });
    expect(await run("validate", file("broken.json", "{"))).toMatchObject({ code: 2, err: expect.stringMatching(/Not valid JSON/) });
    expect(await run("validate", file("other.json", '{"hello":1}'))).toMatchObject({ code: 2, err: expect.stringMatching(/not a Flowlens flow/) });
    expect(await run("validate")).toMatchObject({ code: 2, err: expect.stringMatching(/exactly one flow file/) });
    expect(await run("frobnicate")).toMatchObject({ code: 2, err: expect.stringMatching(/unknown command "frobnicate"/) });
  });
});
