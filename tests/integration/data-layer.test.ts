// The data layer against every store Flowlens supports: the embedded PGlite and a real PostgreSQL server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, loadMigrations } from "@/server/db/migrate";
import { createApiToken, listApiTokens, revokeApiToken, userForApiToken } from "@/server/services/api-tokens";
import { createFlow, listFlows } from "@/server/services/flows";
import { createUser, ensureFirstAdmin, setUserRole } from "@/server/services/users";
import { verifyPassword } from "@/server/auth/password";
import { openStores, type TestStore } from "../support/stores";

const stores: TestStore[] = await openStores();
afterAll(async () => {
  for (const s of stores) await s.stop();
});

describe.each(stores.map((s) => [s.kind, s] as const))("data layer on %s", (_kind, store) => {
  const { db } = store;
  let adminId = "";

  beforeAll(async () => {
    const admin = await ensureFirstAdmin(db, { email: "root@example.com" });
    expect(admin?.email).toBe("root@example.com");
    adminId = (await db.user.findUniqueOrThrow({ where: { email: "root@example.com" } })).id;
  });

  it("re-running migrations applies nothing and an edited migration is refused", async () => {
    expect(await migrate(store.url)).toEqual([]);
    const edited = loadMigrations().map((m) => ({ ...m, checksum: "changed" }));
    await expect(migrate(store.url, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it("creates the first admin once, with a generated password that verifies", async () => {
    expect(await ensureFirstAdmin(db, {})).toBeNull();
    const account = await db.account.findFirstOrThrow({ where: { userId: adminId, providerId: "credential" } });
    expect(account.password).toMatch(/^\$argon2id\$/);
  });

  it("refuses a duplicate email and keeps at least one admin", async () => {
    await expect(createUser(db, { email: "ROOT@example.com", name: "x", password: "long-enough-pass", role: "viewer" })).rejects.toThrow(
      /already exists/,
    );
    await expect(setUserRole(db, adminId, adminId, "viewer")).rejects.toThrow(/at least one admin/);
    const v = await createUser(db, { email: "viewer@example.com", name: "Vi", password: "long-enough-pass", role: "viewer" });
    const promoted = await setUserRole(db, adminId, v.id, "editor");
    expect(promoted.role).toBe("editor");
    const account = await db.account.findFirstOrThrow({ where: { userId: v.id } });
    expect(await verifyPassword(account.password!, "long-enough-pass")).toBe(true);
    expect(await db.auditLog.count({ where: { action: "user.set-role", target: v.id } })).toBe(1);
  });

  it("API tokens resolve to their user until revoked, and only the hash is stored", async () => {
    const t = await createApiToken(db, adminId, "ci");
    expect((await userForApiToken(db, t.token))?.id).toBe(adminId);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: t.id } });
    expect(JSON.stringify(row)).not.toContain(t.token);
    expect(await userForApiToken(db, t.token + "x")).toBeNull();
    expect(await revokeApiToken(db, "someone-else", t.id)).toBe(false);
    expect(await revokeApiToken(db, adminId, t.id)).toBe(true);
    expect(await userForApiToken(db, t.token)).toBeNull();
    expect(await listApiTokens(db, adminId)).toEqual([]);
  });

  it("creates flows with a first version and finds them by name, case-insensitively", async () => {
    const f = await createFlow(db, adminId, "Order fulfilment");
    await createFlow(db, adminId, "Payments");
    expect(f.version).toBe(1);
    expect(await db.flowVersion.count({ where: { flowId: f.id } })).toBe(1);
    expect((await listFlows(db, "order")).map((x) => x.name)).toEqual(["Order fulfilment"]);
    expect(await listFlows(db, "nothing-like-this")).toEqual([]);
  });
});
