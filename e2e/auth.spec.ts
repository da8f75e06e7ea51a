import { expect, test, ADMIN, trpc } from "./fixtures";

test.describe("signing in", () => {
  test("an unauthenticated visit redirects to sign-in, and signing in returns to the page", async ({ page }) => {
    await page.goto("/settings/tokens");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Ftokens$/);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
    await expect(page).toHaveURL(/\/settings\/tokens$/);
  });

  test("a bad password gives a clear error and no session", async ({ page, context }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
    expect((await context.cookies()).filter((c) => c.name.includes("session_token"))).toEqual([]);
  });

  test("the session cookie is httpOnly and sameSite, and pages carry security headers", async ({ page, context }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Flows", exact: true })).toBeVisible();
    const session = (await context.cookies()).find((c) => c.name.endsWith("session_token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    const res = await page.request.get("/flows");
    expect(res.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
    expect(res.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  test("signing out ends the session", async ({ signedInAs }) => {
    const { page } = await signedInAs("editor");
    await page.goto("/flows");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/flows");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fflows/);
  });
});

test.describe("the app shell", () => {
  test("shows navigation and the empty flows list, and an editor can create a flow", async ({ signedInAs }) => {
    const { page } = await signedInAs("editor");
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const item of ["Design", "Observe", "Traces", "Settings"]) {
      await expect(nav.getByRole("link", { name: item })).toBeVisible();
    }
    await expect(nav.getByRole("link", { name: "Design" })).toHaveAttribute("aria-current", "page");
    await page.getByRole("button", { name: "New flow" }).click();
    await page.getByLabel("Flow name").fill("Order fulfilment");
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByRole("heading", { name: "Order fulfilment" })).toBeVisible(); // the designer opens
    await page.getByRole("link", { name: "← Flows" }).click();
    await expect(page.getByRole("link", { name: "Order fulfilment" })).toBeVisible();
    await page.getByLabel("Search flows").fill("zzz-no-match");
    await expect(page.getByRole("heading", { name: "No flow matches that search" })).toBeVisible();
  });

  test("health reports the database without leaking configuration", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.database).toEqual({ status: "up", kind: "embedded" });
    expect(JSON.stringify(body)).not.toMatch(/postgres(ql)?:\/\/|password|secret/i);
  });
});

test.describe("roles", () => {
  test("a viewer's attempt at an editor action is refused", async ({ signedInAs }) => {
    const { page } = await signedInAs("viewer");
    await page.goto("/flows");
    const create = page.getByRole("button", { name: "New flow" });
    await expect(create).toBeDisabled();
    await expect(create).toHaveAttribute("title", "Creating flows needs the editor role");
    // Going around the UI is refused by the server too.
    const r = await trpc(page.request, "flows.create", { name: "Sneaky" });
    expect(r.status).toBe(403);
    expect(r.body.error.json.message).toBe("This needs the editor role; you are viewer");
    await page.reload();
    await expect(page.getByRole("heading", { name: "No flows yet" }).or(page.getByRole("table"))).toBeVisible();
    await expect(page.getByRole("link", { name: "Sneaky" })).toHaveCount(0);
  });

  test("API calls without a session or token get 401", async ({ request }) => {
    const r = await trpc(request, "flows.list", undefined, "query");
    expect(r.status).toBe(401);
  });

  test("an admin adds a user who can then sign in with the given role", async ({ signedInAs, browser, baseURL }) => {
    const { page } = await signedInAs("admin");
    await page.goto("/settings/users");
    const form = page.getByRole("form", { name: "Add user" });
    await form.getByLabel("Email").fill("newcomer@e2e.test");
    await form.getByLabel("Name").fill("Newcomer");
    await form.getByLabel("Initial password").fill("newcomer-password");
    await form.getByLabel("Role").selectOption("editor");
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByRole("cell", { name: "newcomer@e2e.test" })).toBeVisible();

    const other = await browser.newContext({ baseURL });
    const p2 = await other.newPage();
    await p2.goto("/sign-in");
    await p2.getByLabel("Email").fill("newcomer@e2e.test");
    await p2.getByLabel("Password").fill("newcomer-password");
    await p2.getByRole("button", { name: "Sign in" }).click();
    await expect(p2.getByText("editor", { exact: true })).toBeVisible();
    await other.close();
  });

  test("a bearer token acts as its owner with the owner's role", async ({ signedInAs, playwright, baseURL }) => {
    const { page } = await signedInAs("viewer");
    await page.goto("/settings/tokens");
    await page.getByLabel("Token name").fill("script");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!.trim();
    expect(token).toMatch(/^flk_/);

    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    expect((await trpc(api, "flows.list", undefined, "query")).status).toBe(200);
    expect((await trpc(api, "flows.create", { name: "x" })).status).toBe(403);
    await api.dispose();

    await page.getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByText("No tokens yet.")).toBeVisible();
    const revoked = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    expect((await trpc(revoked, "flows.list", undefined, "query")).status).toBe(401);
    await revoked.dispose();
  });
});
