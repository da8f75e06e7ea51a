// Every procedure checks auth and role: no user gets UNAUTHORIZED, a too-low role gets FORBIDDEN.
import { afterAll, describe, expect, it } from "vitest";
import { roleUsers } from "../support/callers";
import { openStores } from "../support/stores";

const [store] = await openStores();
afterAll(() => store!.stop());
const db = store!.db;
const { viewer, editor, admin, as } = await roleUsers(db);

describe("tRPC authorization", () => {
  it("refuses anonymous calls with UNAUTHORIZED", async () => {
    await expect(as(null).flows.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(as(null).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("lets a viewer read but not create a flow", async () => {
    await expect(as(viewer).flows.list()).resolves.toEqual([]);
    await expect(as(viewer).flows.create({ name: "Nope" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/needs the editor role/),
    });
    const made = await as(editor).flows.create({ name: "Yes" });
    expect(made.name).toBe("Yes");
  });

  it("keeps user management to admins", async () => {
    await expect(as(editor).users.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const users = await as(admin).users.list();
    expect(users.map((u) => u.email).sort()).toEqual(["a@example.com", "e@example.com", "v@example.com"]);
  });

  it("rejects bad input with field-level messages", async () => {
    await expect(as(admin).users.create({ email: "not-an-email", name: "", password: "short", role: "viewer" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("shows a token once and lists it by prefix only", async () => {
    const t = await as(viewer).tokens.create({ name: "laptop" });
    const list = await as(viewer).tokens.list();
    expect(list).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(t.token);
    expect(t.token.startsWith(list[0]!.prefix)).toBe(true);
    expect(await as(editor).tokens.list()).toEqual([]);
  });
});
