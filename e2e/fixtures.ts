import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password" };

export interface Account {
  email: string;
  password: string;
  role: "viewer" | "editor" | "admin";
}

/** Calls a tRPC procedure over HTTP as the signed-in user of `request`. */
export async function trpc(request: APIRequestContext, path: string, input: unknown, method: "query" | "mutation" = "mutation") {
  const res =
    method === "mutation"
      ? await request.post(`/api/trpc/${path}`, { data: { json: input } })
      : await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  return { status: res.status(), body: await res.json() };
}

export async function apiSignIn(request: APIRequestContext, account: { email: string; password: string }) {
  const res = await request.post("/api/auth/sign-in/email", { data: account });
  expect(res.status(), `sign-in as ${account.email}`).toBe(200);
}

type Fixtures = {
  /** Creates a user with the given role through the admin API (not the UI). */
  makeUser: (role: Account["role"]) => Promise<Account>;
  /** A page whose browser context is signed in as a new user of the given role. */
  signedInAs: (role: Account["role"]) => Promise<{ page: Page; account: Account }>;
};

export const test = base.extend<Fixtures>({
  makeUser: async ({ playwright, baseURL }, use) => {
    const admin = await playwright.request.newContext({ baseURL });
    await apiSignIn(admin, ADMIN);
    await use(async (role) => {
      const account: Account = { email: `${role}-${randomBytes(4).toString("hex")}@e2e.test`, password: "a-long-password-1", role };
      const r = await trpc(admin, "users.create", { ...account, name: role });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return account;
    });
    await admin.dispose();
  },
  signedInAs: async ({ page, makeUser }, use) => {
    await use(async (role) => {
      const account = role === "admin" ? { ...ADMIN, role } : await makeUser(role);
      await apiSignIn(page.request, account);
      return { page, account };
    });
  },
});

export { expect };

/** Live tests need the broker npm test starts; CI must run them, never skip them. */
export function requireBrokers(brokers: readonly string[]) {
  if (process.env.CI && !brokers.length) throw new Error("CI must run the live e2e tests: KAFKA_BROKERS is not set");
}

export type FlowFile = { name: string; nodes: Array<{ id: string; kind: string; name: string; groupId?: string }>; [k: string]: unknown };

/** The sample flow named `${title} ${suffix}`, with its own topic and group names, so other tests on the same broker don't meet it. */
export function sampleFlow(suffix: string, title: string): FlowFile {
  const doc = JSON.parse(readFileSync(new URL("./fixtures/order-fulfilment.flow.json", import.meta.url), "utf8")) as FlowFile;
  doc.name = `${title} ${suffix}`;
  for (const n of doc.nodes) {
    if (n.kind === "topic" || n.kind === "dlq") n.name = `${n.name}-${suffix}`;
    if (n.groupId) n.groupId = `${n.groupId}-${suffix}`;
  }
  return doc;
}

/** A request context signed in as the e2e admin. */
export async function adminContext(playwright: { request: { newContext: (o: { baseURL?: string }) => Promise<APIRequestContext> } }, baseURL: string | undefined) {
  const admin = await playwright.request.newContext({ baseURL });
  await apiSignIn(admin, ADMIN);
  return admin;
}
