import { readFileSync } from "node:fs";
import { expect, test, apiSignIn, trpc, type Account } from "./fixtures";
import type { APIRequestContext, PlaywrightWorkerArgs } from "@playwright/test";

// The sample flow as a file, the way a user would POST it.
const sample = JSON.parse(readFileSync("e2e/fixtures/order-fulfilment.flow.json", "utf8"));

async function tokenFor(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string, account: Account): Promise<APIRequestContext> {
  const session = await playwright.request.newContext({ baseURL });
  await apiSignIn(session, account);
  const t = await trpc(session, "tokens.create", { name: "rest" });
  await session.dispose();
  return playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${t.body.result.data.json.token}` } });
}

test.describe("REST /api/v1/flows", () => {
  test("create, read, update with If-Match, and a stale update is refused with 409", async ({ playwright, baseURL, makeUser }) => {
    const api = await tokenFor(playwright, baseURL!, await makeUser("editor"));

    const created = await api.post("/api/v1/flows", { data: sample });
    expect(created.status()).toBe(201);
    const flow = await created.json();
    expect(created.headers()["location"]).toBe(`/api/v1/flows/${flow.id}`);
    expect(flow).toMatchObject({ name: "Order fulfilment", version: 1 });

    const list = await (await api.get("/api/v1/flows?search=fulfil")).json();
    expect(list.flows.map((f: { id: string }) => f.id)).toContain(flow.id);

    const got = await api.get(`/api/v1/flows/${flow.id}`);
    expect(got.headers()["etag"]).toBe('"1"');
    const { doc } = await got.json();
    expect(doc.nodes).toHaveLength(7);

    const changed = { ...doc, description: "changed over REST" };
    const put = await api.put(`/api/v1/flows/${flow.id}`, { data: changed, headers: { "if-match": '"1"' } });
    expect(put.status()).toBe(200);
    expect(put.headers()["etag"]).toBe('"2"');

    const stale = await api.put(`/api/v1/flows/${flow.id}`, { data: { ...doc, description: "lost?" }, headers: { "if-match": '"1"' } });
    expect(stale.status()).toBe(409);
    const body = await stale.json();
    expect(body.error).toMatchObject({ code: "CONFLICT", currentVersion: 2 });
    expect(body.error.message).toMatch(/Your changes were not saved/);
    expect((await (await api.get(`/api/v1/flows/${flow.id}`)).json()).doc.description).toBe("changed over REST");

    const noBase = await api.put(`/api/v1/flows/${flow.id}`, { data: doc });
    expect(noBase.status()).toBe(428);

    const wrapped = await api.put(`/api/v1/flows/${flow.id}`, { data: { doc, baseVersion: 2, message: "via body" } });
    expect(wrapped.status()).toBe(200);
    await api.dispose();
  });

  test("bad input gets a clear 400 and nothing is created", async ({ playwright, baseURL, makeUser }) => {
    const api = await tokenFor(playwright, baseURL!, await makeUser("editor"));
    const before = (await (await api.get("/api/v1/flows")).json()).flows.length;
    const notJson = await api.post("/api/v1/flows", { data: Buffer.from("{not json"), headers: { "content-type": "application/json" } });
    expect(notJson.status()).toBe(400);
    expect((await notJson.json()).error.message).toBe("Request body is not valid JSON");
    const badDoc = await api.post("/api/v1/flows", { data: { ...sample, nodes: [{ kind: "topic", id: "t", name: "t", partitions: 0 }] } });
    expect(badDoc.status()).toBe(400);
    expect((await badDoc.json()).error.message).toMatch(/nodes\.0\.partitions/);
    const notObject = await api.post("/api/v1/flows", { data: ["x"] });
    expect((await notObject.json()).error.message).toBe("Send a flow document (.flow.json) or { name, description }");
    const noName = await api.post("/api/v1/flows", { data: { description: "no name" } });
    expect(noName.status()).toBe(400);
    expect((await noName.json()).error.message).toMatch(/^name: /);
    const future = await api.post("/api/v1/flows", { data: { ...sample, schemaVersion: 99 } });
    expect((await future.json()).error.message).toMatch(/newer Flowlens/);
    expect((await (await api.get("/api/v1/flows")).json()).flows.length).toBe(before);
    await api.dispose();
  });

  test("the .flow.json JSON Schema is published", async ({ request }) => {
    const res = await request.get("/schemas/flow.schema.json");
    expect(res.status()).toBe(200);
    const schema = await res.json();
    expect(schema).toMatchObject({ title: "Flowlens flow", type: "object" });
    expect(schema.properties.nodes.items.oneOf).toHaveLength(6);
  });

  test("tokens carry their owner's role; no token is 401", async ({ playwright, baseURL, makeUser, request }) => {
    const viewer = await tokenFor(playwright, baseURL!, await makeUser("viewer"));
    expect((await viewer.get("/api/v1/flows")).status()).toBe(200);
    const refused = await viewer.post("/api/v1/flows", { data: sample });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("FORBIDDEN");
    await viewer.dispose();
    expect((await request.get("/api/v1/flows")).status()).toBe(401);
    expect((await request.get("/api/v1/flows", { headers: { authorization: "Bearer flk_nope" } })).status()).toBe(401);
  });
});
