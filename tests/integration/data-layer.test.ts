// The data layer against every store Flowlens supports: the embedded PGlite and a real PostgreSQL server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, loadMigrations } from "@/server/db/migrate";
import { createApiToken, listApiTokens, revokeApiToken, userForApiToken } from "@/server/services/api-tokens";
import {
  createFlow,
  deleteFlow,
  duplicateFlow,
  getFlow,
  getVersion,
  listFlows,
  listVersions,
  restoreVersion,
  saveFlow,
} from "@/server/services/flows";
import { orderFulfilmentFlow } from "@/server/flow/samples/order-fulfilment";
import { updateNode } from "@/server/flow/operations";
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
    const f = await createFlow(db, adminId, { name: "Order fulfilment" });
    await createFlow(db, adminId, { name: "Payments" });
    expect(f.version).toBe(1);
    expect(await db.flowVersion.count({ where: { flowId: f.id } })).toBe(1);
    expect((await listFlows(db, "order")).map((x) => x.name)).toEqual(["Order fulfilment"]);
    expect(await listFlows(db, "nothing-like-this")).toEqual([]);
  });

  it("saves on top of the version it started from, and refuses a stale save without losing either", async () => {
    const f = await createFlow(db, adminId, { name: "Sample", doc: orderFulfilmentFlow() });
    const opened = await getFlow(db, f.id);
    expect(opened.doc.nodes).toHaveLength(7);
    const a = updateNode(opened.doc, "payment", { concurrency: 2 });
    const b = updateNode(opened.doc, "payment", { concurrency: 3 });
    if (!a.ok || !b.ok) throw new Error("update failed");
    const saved = await saveFlow(db, adminId, { id: f.id, baseVersion: opened.version, doc: a.doc });
    expect(saved.version).toBe(2);
    await expect(saveFlow(db, adminId, { id: f.id, baseVersion: opened.version, doc: b.doc })).rejects.toMatchObject({
      code: "CONFLICT",
      currentVersion: 2,
      message: expect.stringMatching(/changed by Admin \(version 2\) after you opened version 1\. Your changes were not saved/),
    });
    const now = await getFlow(db, f.id);
    expect(now.version).toBe(2);
    expect(now.doc.nodes.find((n) => n.id === "payment")).toMatchObject({ concurrency: 2 });
  });

  it("keeps every version, and restoring writes a new one", async () => {
    const f = await createFlow(db, adminId, { name: "History", doc: orderFulfilmentFlow() });
    const v1 = await getFlow(db, f.id);
    const renamed = { ...v1.doc, name: "History renamed" };
    await saveFlow(db, adminId, { id: f.id, baseVersion: 1, doc: renamed, message: "rename" });
    expect((await listVersions(db, f.id)).map((v) => [v.version, v.message, v.author])).toEqual([
      [2, "rename", "Admin"],
      [1, "Imported", "Admin"],
    ]);
    expect((await getVersion(db, f.id, 1)).doc.name).toBe("History");
    const restored = await restoreVersion(db, adminId, { id: f.id, version: 1, baseVersion: 2 });
    expect(restored).toMatchObject({ version: 3, name: "History" });
    expect((await listVersions(db, f.id))[0]).toMatchObject({ version: 3, message: "Restored version 1" });
    await expect(getVersion(db, f.id, 42)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("duplicates with a fresh name and history, and deletes", async () => {
    const f = await createFlow(db, adminId, { name: "Dup me", doc: orderFulfilmentFlow() });
    const copy = await duplicateFlow(db, adminId, f.id);
    const copy2 = await duplicateFlow(db, adminId, f.id);
    expect([copy.name, copy2.name]).toEqual(["Dup me (copy)", "Dup me (copy 2)"]);
    expect(copy.version).toBe(1);
    expect((await getFlow(db, copy.id)).doc.nodes).toHaveLength(7);
    await deleteFlow(db, adminId, f.id);
    await expect(getFlow(db, f.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.flowVersion.count({ where: { flowId: f.id } })).toBe(0);
    await expect(deleteFlow(db, adminId, f.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("seeds the demo flow only into an empty store", async () => {
    const { seedDemo } = await import("@/server/services/demo");
    expect(await seedDemo(db)).toBe(false); // flows already exist in this store
    await db.flow.deleteMany({});
    expect(await seedDemo(db)).toBe(true);
    const [flow] = await listFlows(db);
    expect(flow!.name).toBe("Order fulfilment");
    expect((await getFlow(db, flow!.id)).doc.nodes.map((n) => n.name)).toEqual([
      "order-service", "orders", "enrich-order", "orders.enriched", "fulfilment", "orders.dlq", "payment",
    ]);
  });

  it("opens a flow stored in the v1 format", async () => {
    const row = await db.flow.create({
      data: { name: "Old", doc: { schemaVersion: 1, name: "Old", description: "", nodes: [], edges: [] } },
    });
    expect((await getFlow(db, row.id)).doc).toMatchObject({ schemaVersion: 2, name: "Old", version: "1.0.0" });
  });
});
