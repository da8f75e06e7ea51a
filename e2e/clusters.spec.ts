import { randomBytes } from "node:crypto";
import { expect, test, trpc } from "./fixtures";

// e2e runs without a broker, so the cluster points at an address nothing listens on.
test.describe("cluster connections", () => {
  test("an admin tests an unreachable cluster, saves it, and the password stays write-only", async ({ signedInAs }) => {
    const { page } = await signedInAs("admin");
    const name = `Unreachable ${randomBytes(3).toString("hex")}`;
    const password = `pw-${randomBytes(8).toString("hex")}`;

    await page.goto("/settings/users");
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Clusters" }).click();
    await expect(page.getByRole("heading", { name: "Clusters", exact: true })).toBeVisible();

    await page.getByRole("button", { name: "Add cluster" }).click();
    const form = page.getByRole("form", { name: "Add cluster" });
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Brokers").fill("127.0.0.1:1");
    await form.getByLabel("SASL mechanism").selectOption({ label: "SCRAM-SHA-256" });
    await form.getByLabel("Username").fill("flowlens");
    await form.getByLabel("Password", { exact: true }).fill(password);

    await form.getByRole("button", { name: "Test connection" }).click();
    await expect(form.getByRole("status")).toHaveText(/^brokers unreachable \(.*ECONNREFUSED 127\.0\.0\.1:1\)$/);

    await form.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Saved ${name}.` })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row.getByRole("cell", { name: "127.0.0.1:1" })).toBeVisible();
    await expect(row.getByRole("cell", { name: "SASL SCRAM-SHA-256" })).toBeVisible();

    // The saved cluster opens for editing with the password stored but not shown.
    const edit = page.getByRole("form", { name: `Edit ${name}` });
    const stored = edit.getByLabel("Password", { exact: true });
    await expect(stored).toHaveValue("");
    await expect(stored).toHaveAttribute("placeholder", "•••••• (stored)");
    expect(await page.content()).not.toContain(password);

    // A test from the edit form uses the stored password (the field is left blank).
    await edit.getByRole("button", { name: "Test connection" }).click();
    await expect(edit.getByRole("status")).toHaveText(/^brokers unreachable/);

    // Nothing the browser can fetch carries the password.
    const list = await trpc(page.request, "clusters.list", undefined, "query");
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(password);
    expect(JSON.stringify(list.body)).toContain('"hasPassword":true');

    await page.getByRole("button", { name: `Delete ${name}` }).click();
    await page.getByRole("button", { name: "Delete cluster" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Deleted ${name}.` })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
  });

  test("a bad broker address is refused next to the form", async ({ signedInAs }) => {
    const { page } = await signedInAs("admin");
    await page.goto("/settings/clusters");
    await page.getByRole("button", { name: "Add cluster" }).click();
    const form = page.getByRole("form", { name: "Add cluster" });
    await form.getByLabel("Name", { exact: true }).fill("Typo");
    await form.getByLabel("Brokers").fill("kafka-without-port");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByRole("alert")).toHaveText('"kafka-without-port" needs a port, as host:port');
  });

  test("an editor cannot manage clusters", async ({ signedInAs }) => {
    const { page } = await signedInAs("editor");
    await page.goto("/settings/users");
    await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Clusters" })).toHaveCount(0);
    await page.goto("/settings/clusters");
    await expect(page.getByText("Only admins manage cluster connections.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Add cluster" })).toHaveCount(0);
    const r = await trpc(page.request, "clusters.create", { name: "Sneaky", brokers: "127.0.0.1:1" });
    expect(r.status).toBe(403);
    const t = await trpc(page.request, "clusters.test", { values: { brokers: "127.0.0.1:1" } });
    expect(t.status).toBe(403);
  });
});
