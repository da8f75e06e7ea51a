import { randomBytes } from "node:crypto";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { createKafka } from "../server/kafka/client";
import { createTopic, produce } from "../server/kafka/test-helpers";
import { adminContext, expect, requireBrokers, sampleFlow, test, trpc } from "./fixtures";

const brokers = (process.env.KAFKA_BROKERS ?? "").split(",").filter(Boolean);
requireBrokers(brokers);

async function createCluster(admin: APIRequestContext, name: string) {
  const r = await trpc(admin, "clusters.create", { name, brokers: brokers.join(",") });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.result.data.json.id as string;
}

/** The headers the generated stubs write on a dead-lettered record. */
function deadLetterHeaders(originalTopic: string, errorClass: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "x-original-topic": originalTopic,
    "x-original-partition": "1",
    "x-original-offset": "7",
    "x-error-class": errorClass,
    "x-error-message": `${errorClass} while handling`,
    "x-attempts": "3",
    "x-failed-at": "2025-01-02T03:04:05.000Z",
    ...extra,
  };
}

/** Records read back from a topic with a fresh group, with their headers as text. */
async function readBack(topic: string, count: number) {
  const consumer = createKafka({ brokers, clientId: "flowlens-e2e" }).consumer({ groupId: `e2e-readback-${randomBytes(4).toString("hex")}`, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  const got: { value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${got.length} of ${count} records from ${topic}`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(Array.isArray(v) ? v[0] : v);
          got.push({ value: message.value?.toString() ?? "", headers });
          if (got.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

const readStatus = (page: Page) => page.getByRole("form", { name: "Read dead letters" }).getByRole("status");

/** Reads with the form as it is and waits for the read to end. */
async function read(page: Page) {
  await page.getByRole("button", { name: "Read", exact: true }).click();
  await expect(readStatus(page)).toContainText(/End of the range|Stopped at the maximum|No record/, { timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Read", exact: true })).toBeEnabled();
}

/** The offsets listed, in order. */
const listedOffsets = (page: Page) => page.getByRole("table", { name: "Dead letters" }).getByRole("button", { name: /^Open record / });

test.describe("the DLQ browser", () => {
  test.skip(!brokers.length, "needs a broker: set KAFKA_BROKERS");

  test("hostile dead letters render as inert text", async ({ signedInAs, playwright, baseURL }) => {
    test.setTimeout(120_000);
    const suffix = randomBytes(3).toString("hex");
    const dlq = `e2e-${suffix}.dlq`;
    const original = `e2e-${suffix}-orders`;
    const script = "<script>window.__pwned=1</script>";
    const img = '<img src=x onerror="window.__pwned=1">';
    const json = '{"url":"javascript:window.__pwned=1","id":2}';
    const boldKey = "<b>bold</b>";
    const svgHeader = "<svg onload=alert(1)>";
    const big = `BIG${"x".repeat(1_000_000 - 3)}`;

    await createTopic(brokers, dlq, 1);
    await produce(brokers, dlq, [
      { key: boldKey, value: script, headers: deadLetterHeaders(original, "XssError", { "x-note": svgHeader }), partition: 0 },
      { key: "img", value: img, headers: deadLetterHeaders(original, "XssError"), partition: 0 },
      { key: "json", value: json, headers: deadLetterHeaders(original, "JsonError"), partition: 0 },
      { key: "big", value: big, headers: deadLetterHeaders(original, "TooBigError"), partition: 0 },
      { key: "bytes", value: Buffer.from([0xff, 0xfe, 0x00, 0x41]), headers: deadLetterHeaders(original, "DecodeError"), partition: 0 },
    ]);
    const admin = await adminContext(playwright, baseURL);
    const clusterId = await createCluster(admin, `DLQ hostile ${suffix}`);

    const { page } = await signedInAs("viewer");
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`/observe/${clusterId}/dlq?topic=${encodeURIComponent(dlq)}`);
    await expect(page.getByLabel("Dead-letter topic")).toHaveValue(dlq);
    await read(page);
    await expect(readStatus(page)).toContainText("5 records matched of 5 read");
    // The key is listed as text.
    await expect(page.getByRole("table", { name: "Dead letters" }).getByRole("cell", { name: boldKey, exact: true })).toBeVisible();

    const open = async (offset: number) => {
      await page.getByRole("button", { name: `Open record 0/${offset}`, exact: true }).click();
      const region = page.getByRole("region", { name: `Record 0/${offset}` });
      await expect(region).toBeVisible();
      return region;
    };
    const inert = async (region: Locator) => {
      await expect(region.locator("script, img, svg, iframe, object, embed, a[href^='javascript:']")).toHaveCount(0);
    };

    // <script> in the value, <b> in the key, <svg onload> in a header: all text.
    let region = await open(0);
    await expect(region.getByLabel("Value content")).toHaveText(script);
    await expect(region.getByLabel("Key content")).toHaveText(boldKey);
    await expect(region.getByLabel("Dead-letter headers")).toContainText("XssError");
    await inert(region);
    await region.getByRole("tab", { name: /Headers/ }).click();
    await expect(region.getByRole("tabpanel")).toContainText("x-note");
    await expect(region.getByText(svgHeader, { exact: true })).toBeVisible();
    await expect(region.getByText(original, { exact: true })).toBeVisible();
    await inert(region);

    region = await open(1);
    await expect(region.getByLabel("Value content")).toHaveText(img);
    await inert(region);

    region = await open(2);
    await expect(region.getByLabel("Value content")).toContainText('"url": "javascript:window.__pwned=1"');
    await inert(region);

    // 1 MB: cut to 256 KiB, with its real size; the page does not grow wider than the window.
    region = await open(3);
    await expect(region).toContainText("Truncated: showing 256 KiB of 976.6 KiB (1,000,000 bytes)");
    await expect(region.getByLabel("Value content")).toContainText("BIGxxx");
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, win: window.innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.win);
    await region.getByRole("tab", { name: "Raw" }).click();
    await expect(region.getByLabel("Raw value (hex dump)")).toContainText("00000000 42 49 47 78");

    // Invalid UTF-8: shown as bytes.
    region = await open(4);
    await expect(region).toContainText("Not UTF-8 text: 4 bytes");
    await expect(region.getByLabel("Value (hex dump)")).toContainText("ff fe 00 41");
    await expect(region.getByLabel("Value (hex dump)")).toContainText("|...A|");
    await inert(region);

    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test("filters match plain text, newest first reverses the order, and the maximum bounds the list", async ({ signedInAs, playwright, baseURL }) => {
    test.setTimeout(120_000);
    const suffix = randomBytes(3).toString("hex");
    const dlq = `e2e-${suffix}-filters.dlq`;
    const original = `e2e-${suffix}-orders`;
    await createTopic(brokers, dlq, 1);
    await produce(brokers, dlq, [
      { key: "k0", value: "alpha", headers: deadLetterHeaders(original, "ParseError"), partition: 0 },
      { key: "k1", value: "beta has a literal .*( inside", headers: deadLetterHeaders(original, "TimeoutError"), partition: 0 },
      { key: "k2", value: "gamma", headers: deadLetterHeaders(original, "ParseError"), partition: 0 },
      { key: "k3", value: "delta has .* but no paren", headers: deadLetterHeaders(original, "TimeoutError", { "x-tenant": "acme" }), partition: 0 },
      { key: "k4", value: "epsilon", headers: deadLetterHeaders(original, "SchemaValidationError"), partition: 0 },
    ]);
    const admin = await adminContext(playwright, baseURL);
    const clusterName = `DLQ filters ${suffix}`;
    const clusterId = await createCluster(admin, clusterName);

    // The cluster's Observe page links to its dead letters.
    const { page } = await signedInAs("viewer");
    await page.goto(`/observe?cluster=${clusterId}`);
    await page.getByRole("link", { name: "Dead letters" }).click();
    await expect(page).toHaveURL(`/observe/${clusterId}/dlq`);
    await page.getByLabel("Dead-letter topic").fill(dlq);

    await read(page);
    await expect(listedOffsets(page)).toHaveText(["0", "1", "2", "3", "4"]);

    // `.*(` is three characters, not a pattern.
    await page.getByLabel("Value contains").fill(".*(");
    await read(page);
    await expect(listedOffsets(page)).toHaveText(["1"]);
    await page.getByLabel("Value contains").fill("");

    await page.getByLabel("Error class").fill("ParseError");
    await read(page);
    await expect(listedOffsets(page)).toHaveText(["0", "2"]);
    await page.getByLabel("Error class").fill("parseerror");
    await read(page);
    await expect(page.getByText("No record matched.")).toBeVisible();
    await page.getByLabel("Ignore case").check();
    await read(page);
    await expect(listedOffsets(page)).toHaveText(["0", "2"]);
    await page.getByLabel("Error class").fill("");
    await page.getByLabel("Ignore case").uncheck();

    await page.getByLabel("Header name").fill("x-tenant");
    await page.getByLabel("Header value").fill("acme");
    await read(page);
    await expect(listedOffsets(page)).toHaveText(["3"]);
    await page.getByLabel("Header name").fill("");
    await page.getByLabel("Header value").fill("");

    await page.getByLabel("Newest first").check();
    await read(page);
    await expect(listedOffsets(page)).toHaveText(["4", "3", "2", "1", "0"]);

    await page.getByLabel("Max records").fill("2");
    await read(page);
    await expect(listedOffsets(page)).toHaveText(["4", "3"]);
    await expect(readStatus(page)).toContainText("Stopped at the maximum of 2");
    await page.getByLabel("Newest first").uncheck();
    await read(page);
    await expect(listedOffsets(page)).toHaveText(["0", "1"]);

    // An offset range.
    await page.getByLabel("Max records").fill("100");
    await page.getByLabel("From offset").fill("3");
    await read(page);
    await expect(listedOffsets(page)).toHaveText(["3", "4"]);
  });

  test("an editor redrives chosen records to their original topic; a viewer cannot", async ({ signedInAs, playwright, baseURL }) => {
    test.setTimeout(150_000);
    const suffix = randomBytes(3).toString("hex");
    const doc = sampleFlow(suffix, "Dead letters");
    const dlq = `orders.dlq-${suffix}`;
    const enriched = `orders.enriched-${suffix}`;
    await createTopic(brokers, enriched, 3);
    await createTopic(brokers, dlq, 1);
    await produce(brokers, dlq, [
      { key: "o1", value: '{"orderId":"o1"}', headers: deadLetterHeaders(enriched, "DiscontinuedItemError"), partition: 0 },
      { key: "o2", value: '{"orderId":"o2"}', headers: deadLetterHeaders(enriched, "DiscontinuedItemError"), partition: 0 },
      { key: "o3", value: '{"orderId":"o3"}', headers: deadLetterHeaders(enriched, "DiscontinuedItemError"), partition: 0 },
    ]);

    const admin = await adminContext(playwright, baseURL);
    const clusterId = await createCluster(admin, `DLQ redrive ${suffix}`);
    const created = await admin.post("/api/v1/flows", { data: doc });
    expect(created.status()).toBe(201);
    const flowId = (await created.json()).id as string;
    const linked = await trpc(admin, "flows.linkCluster", { flowId, clusterId });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    const unlinked = await admin.post("/api/v1/flows", { data: { ...sampleFlow(`${suffix}u`, "Dead letters"), name: `Unlinked ${suffix}` } });
    expect(unlinked.status()).toBe(201);

    // A flow without a cluster says so, with the way back.
    const { page } = await signedInAs("editor");
    await page.goto(`/flows/${(await unlinked.json()).id}/dlq`);
    await expect(page.getByRole("heading", { name: "Not linked to a cluster" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to the flow" })).toBeVisible();

    // The designed DLQ is listed (its name is not DLQ-like), with its depth.
    await page.goto(`/flows/${flowId}/dlq`);
    const picker = page.getByLabel("Dead-letter topic");
    await expect(picker.locator("option", { hasText: dlq })).toHaveText(`${dlq} (designed; 3 records, 1 partition)`);
    await picker.selectOption(dlq);
    await read(page);
    await expect(listedOffsets(page)).toHaveText(["0", "1", "2"]);

    await page.getByLabel("Select record 0/0").check();
    await page.getByLabel("Select record 0/1").check();
    await page.getByRole("button", { name: "Redrive selected (2)" }).click();
    const dialog = page.getByRole("dialog", { name: "Redrive" });
    await expect(dialog.getByLabel("Redrive summary")).toContainText(`2 records from ${dlq} → ${enriched}`);
    await dialog.getByRole("button", { name: "Redrive 2 records" }).click();
    const bar = dialog.getByRole("progressbar", { name: "Redrive progress" });
    await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
    await expect(dialog.getByRole("status")).toContainText("done: 2 sent");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();

    // The job is listed with its outcome.
    const jobs = page.getByRole("table", { name: "Redrives" });
    await expect(jobs.getByRole("row").filter({ hasText: dlq })).toContainText("done");

    // Back on the original topic, marked as redriven once, without the dead-letter headers.
    const back = await readBack(enriched, 2);
    expect(back.map((r) => r.value).sort()).toEqual(['{"orderId":"o1"}', '{"orderId":"o2"}']);
    for (const r of back) {
      expect(r.headers["x-flowlens-redrive-count"]).toBe("1");
      expect(r.headers["x-error-class"]).toBeUndefined();
    }

    // A viewer browses the same DLQ but cannot redrive.
    await page.context().clearCookies();
    await signedInAs("viewer");
    await page.goto(`/flows/${flowId}/dlq?topic=${encodeURIComponent(dlq)}`);
    await read(page);
    await page.getByLabel("Select record 0/2").check();
    await expect(page.getByRole("button", { name: "Redrive selected (1)" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Redrive all matching the filter" })).toBeDisabled();
    await expect(page.getByText("Redrive needs the editor or admin role")).toBeVisible();
    await expect(page.getByRole("button", { name: "Redrive selected (1)" })).toHaveAccessibleDescription(/needs the editor or admin role/);
  });
});
