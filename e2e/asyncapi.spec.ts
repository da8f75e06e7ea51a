import { readFileSync } from "node:fs";
import { unzipSync, strFromU8 } from "fflate";
import { parse } from "yaml";
import type { APIRequestContext } from "@playwright/test";
import { apiSignIn, expect, test, trpc } from "./fixtures";

const sample = JSON.parse(readFileSync("e2e/fixtures/order-fulfilment.flow.json", "utf8"));

async function newFlow(request: APIRequestContext, name: string) {
  const r = await trpc(request, "flows.create", { name, doc: sample });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.result.data.json.id as string;
}

test.describe("AsyncAPI and stubs", () => {
  test("the Spec view shows each application's document, its parser status, and downloads", async ({ signedInAs, makeUser, playwright, baseURL }) => {
    const editor = await playwright.request.newContext({ baseURL });
    await apiSignIn(editor, await makeUser("editor"));
    const id = await newFlow(editor, "Spec view flow");
    await editor.dispose();
    // Viewers read specs and download stubs too.
    const { page } = await signedInAs("viewer");
    await page.goto(`/flows/${id}`);
    await page.getByRole("link", { name: "AsyncAPI & stubs" }).click();
    await expect(page.getByRole("heading", { name: "AsyncAPI · Spec view flow" })).toBeVisible();

    const status = page.getByRole("status", { name: "Parser status" });
    await expect(status).toContainText("Valid AsyncAPI 3.0.0 (@asyncapi/parser: 0 errors)");
    const code = page.getByLabel(/AsyncAPI document/);
    await expect(code).toContainText("asyncapi: 3.0.0");
    await expect(code).toContainText("title: Spec view flow");

    await page.getByLabel("Application").selectOption("fulfilment");
    await expect(page.getByLabel("AsyncAPI document fulfilment.asyncapi.yaml")).toContainText("title: fulfilment");
    await expect(status).toContainText("0 errors");
    // The document is read only.
    await expect(page.locator(".spec-code .cm-content")).toHaveAttribute("contenteditable", "false");

    const [one] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download fulfilment.asyncapi.yaml" }).click()]);
    expect(one.suggestedFilename()).toBe("fulfilment.asyncapi.yaml");
    const doc = parse(readFileSync((await one.path())!, "utf8"));
    expect(doc.info.title).toBe("fulfilment");

    const [all] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download all (.zip)" }).click()]);
    const entries = Object.keys(unzipSync(readFileSync((await all.path())!)));
    expect(entries.sort()).toEqual(
      ["spec-view-flow.asyncapi.yaml", "order-service.asyncapi.yaml", "enrich-order.asyncapi.yaml", "fulfilment.asyncapi.yaml", "payment.asyncapi.yaml"]
        .map((f) => `spec-view-flow-asyncapi/${f}`)
        .sort(),
    );

    const [stubs] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download fulfilment stub (.zip)" }).click()]);
    const files = unzipSync(readFileSync((await stubs.path())!));
    const names = Object.keys(files);
    expect(names).toEqual(expect.arrayContaining(["fulfilment-stubs/package.json", "fulfilment-stubs/src/handlers.ts", "fulfilment-stubs/README.md"]));
    expect(JSON.parse(strFromU8(files["fulfilment-stubs/package.json"]!)).dependencies.kafkajs).toBe("2.2.4");
  });

  test("import dialog: errors by line and column, then a good document becomes a flow", async ({ signedInAs }) => {
    const { page } = await signedInAs("editor");
    await page.goto("/flows");
    await page.getByRole("button", { name: "Import AsyncAPI" }).click();
    const dialog = page.getByRole("dialog", { name: "Import AsyncAPI" });
    await dialog.getByLabel("Or paste YAML or JSON").fill("asyncapi: 3.0.0\ninfo:\n  title: Broken\n  version: [1.0.0\n");
    await dialog.getByRole("button", { name: "Import" }).click();
    await expect(dialog.getByRole("alert", { name: "Import problems" })).toContainText(/pasted document line \d+, column \d+/);

    const spec = [
      "asyncapi: 3.0.0",
      "info: { title: Billing, version: 2.1.0 }",
      "channels:",
      "  invoices:",
      "    address: billing.invoices",
      "    messages:",
      "      InvoiceIssued:",
      "        payload: { type: object, properties: { invoiceId: { type: string } }, required: [invoiceId] }",
      "operations:",
      "  sendInvoice:",
      "    action: send",
      "    channel: { $ref: '#/channels/invoices' }",
      "",
    ].join("\n");
    await dialog.getByLabel("Or paste YAML or JSON").fill(spec);
    await dialog.getByLabel("Flow name (optional)").fill("Billing from AsyncAPI");
    await dialog.getByRole("button", { name: "Import" }).click();
    await expect(page.getByRole("heading", { name: "Billing from AsyncAPI" })).toBeVisible();
    await expect(page.getByTestId("node-topic-billing.invoices")).toBeVisible();
    await expect(page.getByTestId("node-producer-Billing")).toBeVisible();
  });

  test("import dialog: a 2.6 document is converted, and the warnings are shown before opening the flow", async ({ signedInAs }) => {
    const { page } = await signedInAs("editor");
    await page.goto("/flows");
    await page.getByRole("button", { name: "Import AsyncAPI" }).click();
    const dialog = page.getByRole("dialog", { name: "Import AsyncAPI" });
    await dialog.getByLabel("AsyncAPI files").setInputFiles("server/flow/asyncapi/fixtures/account-2.6.yaml");
    await dialog.getByLabel("Flow name (optional)").fill("Accounts from 2.6");
    await dialog.getByRole("button", { name: "Import" }).click();
    const warnings = dialog.getByRole("status", { name: "Import warnings" });
    await expect(warnings).toContainText("Imported as “Accounts from 2.6”");
    await expect(warnings).toContainText(/account-2\.6\.yaml.*2\.6.*convert/i);
    await warnings.getByRole("button", { name: "Open the flow" }).click();
    await expect(page.getByRole("heading", { name: "Accounts from 2.6" })).toBeVisible();
  });

  test("REST: GET /api/v1/flows/:id/asyncapi?app=NAME&format=yaml, with clear errors", async ({ signedInAs, playwright, baseURL }) => {
    const { page } = await signedInAs("editor");
    const id = await newFlow(page.request, "REST spec flow");
    const res = await page.request.get(`/api/v1/flows/${id}/asyncapi?app=enrich-order&format=yaml`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^application\/yaml/);
    expect(res.headers()["x-asyncapi-errors"]).toBe("0");
    const doc = parse(await res.text());
    // enrich-order reads orders and writes orders.enriched.
    const ops = Object.values(doc.operations) as { action: string; channel: { $ref: string } }[];
    expect(ops.map((o) => `${o.action} ${doc.channels[o.channel.$ref.split("/").pop()!].address}`).sort()).toEqual(["receive orders", "send orders.enriched"]);

    const json = await page.request.get(`/api/v1/flows/${id}/asyncapi?format=json`);
    expect((await json.json()).info.title).toBe("REST spec flow");

    const unknownApp = await page.request.get(`/api/v1/flows/${id}/asyncapi?app=nobody`);
    expect(unknownApp.status()).toBe(404);
    expect((await unknownApp.json()).error.message).toMatch(/no application named “nobody”/);
    const badFormat = await page.request.get(`/api/v1/flows/${id}/asyncapi?format=xml`);
    expect(badFormat.status()).toBe(400);

    const anonymous = await playwright.request.newContext({ baseURL });
    expect((await anonymous.get(`/api/v1/flows/${id}/asyncapi`)).status()).toBe(401);
    await anonymous.dispose();
  });
});
