import { readFileSync } from "node:fs";
import { expect, test, trpc } from "./fixtures";
import { DesignerPage } from "./designer-page";

const sample = JSON.parse(readFileSync("e2e/fixtures/order-fulfilment.flow.json", "utf8"));

async function newFlow(page: import("@playwright/test").Page, name: string, doc?: unknown) {
  const r = await trpc(page.request, "flows.create", doc ? { name, doc } : { name });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.result.data.json.id as string;
}

test.describe("flow designer", () => {
  // Drop points (canvas pixels) keep clear of each other and of the minimap in the 1440×900 test window.
  test("builds the sample flow from scratch with the palette", async ({ signedInAs }) => {
    const { page } = await signedInAs("editor");
    await page.goto("/flows");
    await page.getByRole("button", { name: "New flow" }).click();
    await page.getByLabel("Flow name").fill("Order fulfilment");
    await page.getByRole("button", { name: "Create" }).click();
    const d = new DesignerPage(page);
    await expect(d.palette).toBeVisible();

    // Each palette item has the accessible name the issue promises.
    for (const item of ["Producer", "Topic", "Transformer", "Consumer", "Dead-letter queue"]) {
      await expect(d.palette.getByRole("button", { name: item, exact: true })).toBeVisible();
    }

    await d.drop("Producer", 110, 60);
    await d.rename("producer", "producer", "order-service");
    await d.drop("Topic", 340, 60);
    await d.rename("topic", "topic", "orders");
    await d.drop("Transformer", 570, 60);
    await d.rename("transformer", "transformer", "enrich-order");
    await d.drop("Topic", 340, 200);
    await d.rename("topic", "topic", "orders.enriched");
    await d.drop("Consumer", 570, 200);
    await d.rename("consumer", "consumer", "fulfilment");
    await d.drop("Consumer", 110, 330);
    await d.rename("consumer", "consumer", "payment");
    await d.drop("Dead-letter queue", 340, 330);
    await d.rename("dlq", "topic.dlq", "orders.dlq");

    await d.connect(d.node("producer", "order-service"), d.node("topic", "orders"));
    await d.connect(d.node("topic", "orders"), d.node("transformer", "enrich-order"));
    await d.connect(d.node("transformer", "enrich-order"), d.node("topic", "orders.enriched"));
    await d.connect(d.node("topic", "orders.enriched"), d.node("consumer", "fulfilment"));
    await d.connect(d.node("topic", "orders.enriched"), d.node("consumer", "payment"));
    await d.connect(d.node("consumer", "fulfilment"), d.node("dlq", "orders.dlq"));
    await expect(d.edges()).toHaveCount(6);

    // Fill in properties: partitions, and no retries (so no DLQ needed) for payment and enrich-order.
    await d.select("topic", "orders");
    await d.properties.getByLabel("Partitions").fill("6");
    await expect(d.node("topic", "orders")).toContainText("6 partitions");
    for (const [kind, name] of [["consumer", "payment"], ["transformer", "enrich-order"]]) {
      await d.select(kind!, name!);
      await d.properties.getByLabel("Max attempts").fill("1");
    }
    await expect(d.problems).toContainText("0 errors, 0 warnings");

    // A refused connection explains itself.
    await d.connect(d.node("producer", "order-service"), d.node("consumer", "payment"));
    await expect(page.getByRole("alert").filter({ hasText: "put a topic between them" })).toBeVisible();
    await expect(d.edges()).toHaveCount(6);

    await page.keyboard.press("Control+s");
    await expect(d.status).toHaveText(/Saved · v\d+/);
  });

  test("shows a lint problem on the node and in the problems panel, and clears it when fixed", async ({ signedInAs }) => {
    const { page } = await signedInAs("editor");
    const id = await newFlow(page, "Lint me", sample);
    await page.goto(`/flows/${id}`);
    const d = new DesignerPage(page);
    await expect(d.problems).toContainText("0 errors");

    await d.select("consumer", "payment");
    await d.properties.getByLabel("Group id").fill("");
    const problem = d.problems.getByRole("button", { name: /Consumer “payment” has no consumer group id/ });
    await expect(problem).toBeVisible();
    await expect(d.problems).toContainText("Fix: Set its group id");
    await expect(d.node("consumer", "payment")).toHaveClass(/has-errors/);
    await expect(d.properties).toContainText("has no consumer group id");

    await d.properties.getByLabel("Group id").fill("payment");
    await expect(problem).toHaveCount(0);
    await expect(d.edges()).toHaveCount(6); // an edited node keeps its connections drawn
    await expect(d.node("consumer", "payment")).not.toHaveClass(/has-errors/);
    await expect(d.problems).toContainText("0 errors, 0 warnings");
  });

  test("refuses an invalid property value with an inline message", async ({ signedInAs }) => {
    const { page } = await signedInAs("editor");
    const id = await newFlow(page, "Inline", sample);
    await page.goto(`/flows/${id}`);
    const d = new DesignerPage(page);
    await d.select("topic", "orders");
    await d.properties.getByLabel("Partitions").fill("0");
    await expect(d.properties.getByRole("alert")).toHaveText(/at least 1/);
    await expect(d.node("topic", "orders")).toContainText("3 partitions");
  });

  test("saves, and a reload shows the flow intact", async ({ signedInAs }) => {
    const { page } = await signedInAs("editor");
    const id = await newFlow(page, "Persist", sample);
    await page.goto(`/flows/${id}`);
    const d = new DesignerPage(page);
    await d.select("topic", "orders.enriched");
    await d.properties.getByLabel("Partitions").fill("12");
    await d.properties.getByLabel("Owner team").fill("team-data");
    await expect(d.status).toHaveText("Unsaved changes");
    await expect(d.status).toHaveText("Saved · v2"); // autosave
    await page.reload();
    await expect(d.node("topic", "orders.enriched")).toContainText("12 partitions");
    await expect(d.edges()).toHaveCount(6);
    await d.select("topic", "orders.enriched");
    await expect(d.properties.getByLabel("Owner team")).toHaveValue("team-data");

    // History lists both versions, and restoring v1 brings back 3 partitions as v3.
    await page.getByRole("button", { name: "History" }).click();
    await page.getByRole("button", { name: "Restore version 1" }).click();
    await expect(d.status).toHaveText("Saved · v3");
    await expect(d.node("topic", "orders.enriched")).toContainText("3 partitions");
  });

  test("undo and redo", async ({ signedInAs }) => {
    const { page } = await signedInAs("editor");
    const id = await newFlow(page, "Undo", sample);
    await page.goto(`/flows/${id}`);
    const d = new DesignerPage(page);
    await d.select("consumer", "payment");
    await page.keyboard.press("Delete");
    await expect(d.node("consumer", "payment")).toHaveCount(0);
    await expect(d.edges()).toHaveCount(5);
    await page.keyboard.press("Control+z");
    await expect(d.node("consumer", "payment")).toBeVisible();
    await expect(d.edges()).toHaveCount(6);
    await page.keyboard.press("Control+Shift+z");
    await expect(d.node("consumer", "payment")).toHaveCount(0);
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(d.node("consumer", "payment")).toBeVisible();

    // Copy and paste duplicates a node with a fresh name.
    await d.select("topic", "orders");
    await page.keyboard.press("Control+c");
    await page.keyboard.press("Control+v");
    await expect(d.node("topic", "orders-2")).toBeVisible();
  });

  test("finds a node by name, and auto-layout keeps every node and edge", async ({ signedInAs }) => {
    const { page } = await signedInAs("editor");
    const id = await newFlow(page, "Find", sample);
    await page.goto(`/flows/${id}`);
    const d = new DesignerPage(page);
    await page.getByLabel("Find a node").fill("fulfil");
    await page.getByLabel("Find a node").press("Enter");
    await expect(d.properties.getByRole("heading", { name: "fulfilment" })).toBeVisible();
    await expect(d.node("consumer", "fulfilment")).toHaveClass(/is-selected/);
    await page.getByLabel("Find a node").fill("no-such-node");
    await page.getByLabel("Find a node").press("Enter");
    await expect(page.getByRole("alert").filter({ hasText: "No node is named like “no-such-node”" })).toBeVisible();

    // Drag the found (centred) node out of place by hand, then let auto-layout put it back in order.
    const node = d.node("consumer", "fulfilment");
    // Measured against the canvas: banners above it come and go.
    const y = async () => (await node.boundingBox())!.y - (await d.canvas.boundingBox())!.y;
    const before = (await node.boundingBox())!;
    const startY = await y();
    await page.mouse.move(before.x + 60, before.y + 30);
    await page.mouse.down();
    await page.mouse.move(before.x + 60, before.y + 230, { steps: 8 });
    await page.mouse.up();
    await expect.poll(y).toBeGreaterThan(startY + 100);
    await page.keyboard.press("Control+z"); // the whole drag is one undo step
    await expect.poll(y).toBeCloseTo(startY, 0);
    await page.keyboard.press("Control+Shift+z");
    await page.getByRole("button", { name: "Auto-layout" }).click();
    await expect(d.edges()).toHaveCount(6);
    await expect(page.locator(".react-flow__node")).toHaveCount(7);
    const topic = (await d.node("topic", "orders.enriched").boundingBox())!;
    const consumer = (await node.boundingBox())!;
    expect(consumer.x).toBeGreaterThan(topic.x); // laid out left to right again
  });

  test("two tabs saving the same flow: the second sees the conflict and keeps its work", async ({ signedInAs, context }) => {
    const { page: first } = await signedInAs("editor");
    const id = await newFlow(first, "Contested", sample);
    await first.goto(`/flows/${id}`);
    const second = await context.newPage();
    await second.goto(`/flows/${id}`);
    const a = new DesignerPage(first);
    const b = new DesignerPage(second);
    await expect(b.node("topic", "orders")).toBeVisible();

    await a.select("topic", "orders");
    await a.properties.getByLabel("Partitions").fill("8");
    await expect(a.status).toHaveText("Saved · v2");

    await b.select("topic", "orders");
    await b.properties.getByLabel("Partitions").fill("9");
    const conflict = second.getByRole("alert").filter({ hasText: "Your changes were not saved" });
    await expect(conflict).toBeVisible();
    await expect(conflict).toContainText("after you opened version 1");
    await expect(b.node("topic", "orders")).toContainText("9 partitions"); // nothing lost on screen

    await conflict.getByRole("button", { name: "Reload" }).click();
    await expect(b.node("topic", "orders")).toContainText("8 partitions");
    await expect(b.status).toHaveText("Saved · v2");
  });

  test("a viewer sees the design read-only", async ({ signedInAs, makeUser, playwright, baseURL }) => {
    const editor = await playwright.request.newContext({ baseURL });
    const acct = await makeUser("editor");
    await editor.post("/api/auth/sign-in/email", { data: acct });
    const id = (await trpc(editor, "flows.create", { name: "Look only", doc: sample })).body.result.data.json.id;
    await editor.dispose();

    const { page } = await signedInAs("viewer");
    await page.goto(`/flows/${id}`);
    const d = new DesignerPage(page);
    await expect(d.node("topic", "orders")).toBeVisible();
    await expect(d.palette).toHaveCount(0);
    await expect(d.status).toHaveText("Read only · v1");
    await d.select("topic", "orders");
    await expect(d.properties.getByLabel("Partitions")).toHaveAttribute("readonly", "");
  });
});
