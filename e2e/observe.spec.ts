import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { committedOffsets, consumeWithGroup, createTopic, produce } from "../server/kafka/test-helpers";
import { ADMIN, apiSignIn, expect, test, trpc, requireBrokers } from "./fixtures";

const brokers = (process.env.KAFKA_BROKERS ?? "").split(",").filter(Boolean);
requireBrokers(brokers);

async function createCluster(admin: APIRequestContext, name: string, brokerList: string) {
  const r = await trpc(admin, "clusters.create", { name, brokers: brokerList });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.result.data.json.id as string;
}

const groupIds = (page: Page) => page.getByRole("table", { name: "Consumer groups" }).getByRole("rowheader");

test.describe("live groups", () => {
  test("a viewer finds a lagging group, sorts and filters the list, and opens its partitions and chart", async ({ signedInAs, playwright, baseURL }) => {
    test.skip(!brokers.length, "needs a broker: set KAFKA_BROKERS");
    const suffix = randomBytes(3).toString("hex");
    const topic = `e2e-orders-${suffix}`;
    const billing = `e2e-${suffix}-billing`;
    const shipping = `e2e-${suffix}-shipping`;
    const audit = `e2e-${suffix}-audit`;
    const clusterName = `Live ${suffix}`;

    // Ten records on partition 0, none on partition 1; billing reads 6, shipping 2, audit all 10.
    await createTopic(brokers, topic, 2);
    await produce(brokers, topic, Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `order ${i}`, partition: 0 })));
    await consumeWithGroup(brokers, topic, billing, 6);
    await consumeWithGroup(brokers, topic, shipping, 2);
    await consumeWithGroup(brokers, topic, audit, 10);
    expect(await committedOffsets(brokers, billing, topic)).toContainEqual({ partition: 0, offset: 6 });

    const admin = await playwright.request.newContext({ baseURL });
    await apiSignIn(admin, ADMIN);
    const clusterId = await createCluster(admin, clusterName, brokers.join(","));

    try {
      const { page } = await signedInAs("viewer");
      await page.goto("/observe");
      await page.getByLabel("Cluster").selectOption({ label: clusterName });
      await expect(page).toHaveURL(`/observe?cluster=${clusterId}`);

      await page.getByLabel("Group or topic contains").fill(suffix);
      const billingRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: billing, exact: true }) });
      await expect(billingRow.getByRole("cell", { name: "4", exact: true })).toBeVisible();
      await expect(billingRow.getByRole("cell", { name: topic, exact: true })).toBeVisible();
      await expect(billingRow).toContainText("1 no commit");
      const shippingRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: shipping, exact: true }) });
      await expect(shippingRow.getByRole("cell", { name: "8", exact: true })).toBeVisible();

      // Sort by lag: worst first, then the other way.
      const lagHeader = page.getByRole("columnheader", { name: "Lag", exact: true });
      await lagHeader.getByRole("button").click();
      await expect(lagHeader).toHaveAttribute("aria-sort", "descending");
      await expect(groupIds(page)).toHaveText([shipping, billing, audit]);
      await lagHeader.getByRole("button").click();
      await expect(lagHeader).toHaveAttribute("aria-sort", "ascending");
      await expect(groupIds(page)).toHaveText([audit, billing, shipping]);

      // Consumers that stopped committing while behind turn ERR once Burrow's window fills (ten
      // polls); the caught-up group stays OK.
      await page.getByLabel("Status").selectOption({ label: "Not OK" });
      await expect(groupIds(page)).toHaveText([billing, shipping], { timeout: 45_000 });
      await expect(billingRow.getByText("ERR", { exact: true })).toBeVisible();
      await page.getByLabel("Status").selectOption({ label: "OK" });
      await expect(groupIds(page)).toHaveText([audit]);
      await page.getByLabel("Status").selectOption({ label: "Any" });

      await page.getByLabel("Lag at least (messages)").fill("5");
      await expect(groupIds(page)).toHaveText([shipping]);
      await page.getByRole("button", { name: "Clear filters" }).click();
      await page.getByLabel("Group or topic contains").fill(`${suffix}-BILL`);
      await expect(groupIds(page)).toHaveText([billing]);

      // The group's page: its partitions, the one it never committed on, and its lag over time.
      await page.getByRole("link", { name: billing, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(billing);
      const partitions = page.getByRole("table", { name: `Partitions of ${billing}` });
      const p0 = partitions.getByRole("row").filter({ has: page.getByRole("button", { name: `Lag chart of ${topic} partition 0` }) });
      const p1 = partitions.getByRole("row").filter({ has: page.getByRole("button", { name: `Lag chart of ${topic} partition 1` }) });
      await expect(p0.getByRole("cell", { name: "6", exact: true })).toBeVisible();
      await expect(p0.getByText("STALL", { exact: true })).toBeVisible();
      await expect(p1.getByRole("cell", { name: "no commit", exact: true })).toBeVisible();
      await expect(p1.getByText("NOTFOUND", { exact: true })).toBeVisible();

      const total = page.getByRole("region", { name: "Total lag" });
      const chart = total.getByRole("img");
      await expect(chart).toHaveAttribute("aria-label", /^Lag over the last hour: now 4 messages(, .+ behind)?; peak 4 messages$/);
      await expect(chart.locator("canvas").first()).toBeVisible();
      await total.getByRole("button", { name: "6 h" }).click();
      await expect(total.getByRole("button", { name: "6 h" })).toHaveAttribute("aria-pressed", "true");
      await expect(chart).toHaveAttribute("aria-label", /^Lag over the last 6 hours: now 4 messages/);

      await p1.getByRole("button", { name: `Lag chart of ${topic} partition 1` }).click();
      await expect(page.getByRole("region", { name: `Lag of ${topic} partition 1` }).getByRole("img")).toHaveAttribute(
        "aria-label",
        "Lag over the last hour: now no committed offset",
      );

      await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: `Observe: ${clusterName}` }).click();
      await expect(page).toHaveURL(`/observe?cluster=${clusterId}`);
      await expect(page.getByLabel("Cluster")).toHaveValue(clusterId);
    } finally {
      await trpc(admin, "clusters.delete", { id: clusterId });
      await admin.dispose();
    }
  });

  test("a cluster that cannot be reached says so", async ({ signedInAs, playwright, baseURL }) => {
    const admin = await playwright.request.newContext({ baseURL });
    await apiSignIn(admin, ADMIN);
    const clusterId = await createCluster(admin, `Closed port ${randomBytes(3).toString("hex")}`, "127.0.0.1:1");
    try {
      const { page } = await signedInAs("viewer");
      await page.goto(`/observe?cluster=${clusterId}`);
      // Scoped by text: Next's route announcer is an alert too.
      const alert = page.getByRole("alert").filter({ hasText: "Cluster unreachable" });
      await expect(alert).toContainText(/^Cluster unreachable since \d\d:\d\d:\d\d: .*ECONNREFUSED 127\.0\.0\.1:1/);
      await expect(alert).toContainText("No figures have been read yet.");
    } finally {
      await trpc(admin, "clusters.delete", { id: clusterId });
      await admin.dispose();
    }
  });

  test("a group the cluster does not have is reported, with a way back", async ({ signedInAs, playwright, baseURL }) => {
    test.skip(!brokers.length, "needs a broker: set KAFKA_BROKERS");
    const admin = await playwright.request.newContext({ baseURL });
    await apiSignIn(admin, ADMIN);
    const clusterId = await createCluster(admin, `Missing ${randomBytes(3).toString("hex")}`, brokers.join(","));
    try {
      const { page } = await signedInAs("viewer");
      await page.goto(`/observe/${clusterId}/groups/no-such-group`);
      await expect(page.getByRole("heading", { name: "No such group" })).toBeVisible();
      await page.getByRole("link", { name: /^Back to the groups of Missing/ }).click();
      await expect(page).toHaveURL(`/observe?cluster=${clusterId}`);
    } finally {
      await trpc(admin, "clusters.delete", { id: clusterId });
      await admin.dispose();
    }
  });
});
