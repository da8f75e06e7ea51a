// Cluster connections: secrets are sealed at rest and never leave the server, only admins manage
// clusters, "test connection" talks to the real broker, and flows link to clusters.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { clusterConfig } from "@/server/services/clusters";
import { roleUsers } from "../support/callers";
import { openStores } from "../support/stores";

// A key of this run's own, so the test never writes one into the working directory.
process.env.FLOWLENS_SECRET_KEY ??= randomBytes(32).toString("hex");

const brokers = inject("kafkaBrokers");
const [store] = await openStores();
afterAll(() => store!.stop());
const db = store!.db;
const { viewer, editor, admin, as } = await roleUsers(db);

const pem = (label: string) => `-----BEGIN ${label}-----\n${randomBytes(96).toString("base64")}\n-----END ${label}-----\n`;
const password = `pw-${randomBytes(12).toString("hex")}`;
const ca = pem("CERTIFICATE");
const cert = pem("CERTIFICATE");
const key = pem("PRIVATE KEY");
const body = (p: string) => p.split("\n")[1]!;

/** Fails when any secret, or any PEM at all, is in what was returned. */
function expectNoSecrets(value: unknown) {
  const json = JSON.stringify(value);
  for (const s of [password, body(ca), body(cert), body(key)]) expect(json).not.toContain(s);
  expect(json).not.toContain("-----BEGIN");
  expect(json).not.toMatch(/"(saslPassword|password|tlsCa|tlsCert|tlsKey)"\s*:/);
}

const secured = {
  name: "Production",
  brokers: "kafka-1.internal:9093, kafka-2.internal:9093",
  saslMechanism: "scram-sha-512" as const,
  saslUsername: "flowlens",
  saslPassword: password,
  tls: true,
  tlsCa: ca,
  tlsCert: cert,
  tlsKey: key,
  tlsRejectUnauthorized: true,
};

describe("cluster secrets", () => {
  it("stores SASL and TLS secrets sealed, and returns none of them", async () => {
    const created = await as(admin).clusters.create(secured);
    expect(created).toMatchObject({
      name: "Production",
      brokers: ["kafka-1.internal:9093", "kafka-2.internal:9093"],
      saslMechanism: "scram-sha-512",
      saslUsername: "flowlens",
      hasPassword: true,
      hasCa: true,
      hasClientCert: true,
    });
    expectNoSecrets(created);

    const raw = await db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "cluster" WHERE id = ${created.id}`;
    expect(raw).toHaveLength(1);
    expectNoSecrets(raw);
    for (const col of ["saslPasswordEnc", "tlsCaEnc", "tlsCertEnc", "tlsKeyEnc"]) expect(String(raw[0]![col])).toMatch(/^v1\./);

    expectNoSecrets(await as(admin).clusters.list());
    expectNoSecrets(await as(admin).clusters.get({ id: created.id }));
    const audit = await db.auditLog.findMany({ where: { target: created.id } });
    expect(audit.map((a) => a.action)).toEqual(["cluster.create"]);
    expectNoSecrets(audit);

    // Only the server, building an adapter's config, sees them.
    const cfg = await clusterConfig(db, created.id);
    expect(cfg.sasl).toEqual({ mechanism: "scram-sha-512", username: "flowlens", password });
    expect(cfg.ssl).toEqual({ ca, cert, key, rejectUnauthorized: true });
  });

  it("keeps a stored secret when the field is left blank, replaces it when given, removes it when cleared", async () => {
    const c = await as(admin).clusters.create({ ...secured, name: "Keep" });
    const kept = await as(admin).clusters.update({ ...secured, id: c.id, name: "Keep 2", saslPassword: "", tlsCa: "", tlsCert: "", tlsKey: "" });
    expect(kept).toMatchObject({ name: "Keep 2", hasPassword: true, hasCa: true, hasClientCert: true });
    expect((await clusterConfig(db, c.id)).sasl?.password).toBe(password);
    expect((await clusterConfig(db, c.id)).ssl?.key).toBe(key);

    await as(admin).clusters.update({ ...secured, id: c.id, name: "Keep 2", saslPassword: "new-password", tlsCa: undefined, tlsCert: "", tlsKey: "", clear: ["tlsCa"] });
    const cfg = await clusterConfig(db, c.id);
    expect(cfg.sasl?.password).toBe("new-password");
    expect(cfg.ssl).toEqual({ ca: undefined, cert, key, rejectUnauthorized: true });
    expect(await as(admin).clusters.get({ id: c.id })).toMatchObject({ hasCa: false, hasClientCert: true });

    // Turning SASL and TLS off drops their secrets rather than keeping them around.
    const plain = await as(admin).clusters.update({ id: c.id, name: "Keep 2", brokers: ["a:1"], saslMechanism: null, tls: false });
    expect(plain).toMatchObject({ hasPassword: false, hasCa: false, hasClientCert: false, saslUsername: null });
    const row = await db.cluster.findUniqueOrThrow({ where: { id: c.id } });
    expect([row.saslPasswordEnc, row.tlsCaEnc, row.tlsCertEnc, row.tlsKeyEnc]).toEqual([null, null, null, null]);

    const audit = await db.auditLog.findMany({ where: { target: c.id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["cluster.create", "cluster.update", "cluster.update", "cluster.update"]);
    expectNoSecrets(audit);
  });

  it("sends a stored password only to the brokers it was saved with", async () => {
    const c = await as(admin).clusters.create({ ...secured, name: "Home" });
    const elsewhere = { ...secured, name: "Home", brokers: "kafka-1.internal:9093, attacker.example:9092", saslPassword: "" };
    const refused = { code: "BAD_REQUEST", message: expect.stringContaining("Enter the SASL password again") };
    await expect(as(admin).clusters.update({ ...elsewhere, id: c.id })).rejects.toMatchObject(refused);
    await expect(as(admin).clusters.test({ id: c.id, values: elsewhere })).rejects.toMatchObject(refused);
    expect((await clusterConfig(db, c.id)).brokers).toEqual(["kafka-1.internal:9093", "kafka-2.internal:9093"]);

    // Fewer brokers, or the password typed again, are fine.
    await as(admin).clusters.update({ ...secured, id: c.id, name: "Home", brokers: "kafka-2.internal:9093", saslPassword: "" });
    await as(admin).clusters.update({ ...elsewhere, id: c.id, saslPassword: password });
    expect(await clusterConfig(db, c.id)).toMatchObject({ brokers: ["kafka-1.internal:9093", "attacker.example:9092"], sasl: { password } });
  });

  it("binds each ciphertext to its row and column", async () => {
    const c = await as(admin).clusters.create({ ...secured, name: "Bound" });
    const row = await db.cluster.findUniqueOrThrow({ where: { id: c.id } });
    await db.cluster.update({ where: { id: c.id }, data: { tlsKeyEnc: row.saslPasswordEnc } });
    await expect(clusterConfig(db, c.id)).rejects.toThrow(/could not be decrypted/);
  });

  it("refuses bad input with sentences", async () => {
    const bad = async (input: object) => as(admin).clusters.create({ ...secured, name: `Bad ${randomBytes(3).toString("hex")}`, ...input });
    await expect(bad({ brokers: "kafka" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("needs a port") });
    await expect(bad({ brokers: " , " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at least one broker") });
    await expect(bad({ tlsCa: "not a certificate" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("PEM") });
    await expect(bad({ saslPassword: "" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Enter the SASL password." });
    await expect(bad({ saslUsername: "" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("SASL username") });
    await expect(bad({ tlsKey: "" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("private key") });
    await expect(bad({ name: "Production" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("who may manage clusters", () => {
  it("keeps clusters to admins; others see names only", async () => {
    const { id } = (await as(admin).clusters.list())[0]!;
    for (const u of [viewer, editor]) {
      await expect(as(u).clusters.get({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(as(u).clusters.create({ ...secured, name: "Nope" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(as(u).clusters.update({ ...secured, id, saslPassword: "" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(as(u).clusters.delete({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(as(u).clusters.test({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
      const list = await as(u).clusters.list();
      expect(list.length).toBeGreaterThan(0);
      for (const c of list) expect(Object.keys(c).sort()).toEqual(["id", "name"]);
    }
  });
});

describe("test connection", () => {
  it("connects to the real broker, saved or not", async () => {
    const unsaved = await as(admin).clusters.test({ values: { brokers } });
    expect(unsaved.ok, unsaved.error).toBe(true);
    expect(unsaved.brokers).toBeGreaterThanOrEqual(1);
    expect(unsaved.clusterId).toEqual(expect.any(String));
    expect(unsaved.controller).toEqual(expect.any(Number));

    const saved = await as(admin).clusters.create({ name: "Local", brokers });
    expect(await as(admin).clusters.test({ id: saved.id })).toMatchObject({ ok: true, brokers: unsaved.brokers, clusterId: unsaved.clusterId });
  });

  it("says clearly, within about 5 s, when the brokers cannot be reached", async () => {
    const started = Date.now();
    const r = await as(admin).clusters.test({ values: { brokers: "127.0.0.1:1" } });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(r).toMatchObject({ ok: false, brokers: 0, controller: null });
    expect(r.error).toMatch(/^brokers unreachable \(/);
  });

  it("fails within the bound when SASL or TLS do not match the listener", async () => {
    const started = Date.now();
    const [sasl, tls] = await Promise.all([
      as(admin).clusters.test({ values: { brokers, saslMechanism: "plain", saslUsername: "u", saslPassword: "p" } }),
      as(admin).clusters.test({ values: { brokers, tls: true } }),
    ]);
    expect(Date.now() - started).toBeLessThan(6500);
    expect(sasl).toMatchObject({ ok: false, error: expect.stringMatching(/^the listener does not use SASL/) });
    expect(tls).toMatchObject({ ok: false, error: expect.stringMatching(/^TLS handshake failed|^no answer within/) });
  });

  it("tests edits to a saved cluster with its stored secrets", async () => {
    const c = await as(admin).clusters.create({ ...secured, name: "Edited", brokers: "127.0.0.1:1" });
    // Switching SASL and TLS off in the form, unsaved, and pointing at the real broker.
    const r = await as(admin).clusters.test({ id: c.id, values: { brokers, saslMechanism: null, tls: false } });
    expect(r.ok).toBe(true);
    expectNoSecrets(r);
  });
});

describe("flows link to clusters", () => {
  it("links, unlinks, and deleting the cluster unlinks its flows", async () => {
    const cluster = await as(admin).clusters.create({ name: "Linked", brokers });
    const flow = await as(editor).flows.create({ name: "Orders" });
    expect((await as(viewer).flows.get({ id: flow.id })).clusterId).toBeNull();

    await expect(as(viewer).flows.linkCluster({ flowId: flow.id, clusterId: cluster.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as(editor).flows.linkCluster({ flowId: flow.id, clusterId: "no-such-cluster" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as(editor).flows.linkCluster({ flowId: "no-such-flow", clusterId: cluster.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect(await as(editor).flows.linkCluster({ flowId: flow.id, clusterId: cluster.id })).toEqual({ id: flow.id, clusterId: cluster.id });
    expect((await as(viewer).flows.get({ id: flow.id })).clusterId).toBe(cluster.id);
    expect(await as(admin).clusters.get({ id: cluster.id })).toMatchObject({ linkedFlows: 1 });
    // Linking is not a design change: no new version.
    expect((await as(viewer).flows.get({ id: flow.id })).version).toBe(1);

    await as(editor).flows.linkCluster({ flowId: flow.id, clusterId: null });
    expect((await as(viewer).flows.get({ id: flow.id })).clusterId).toBeNull();

    await as(editor).flows.linkCluster({ flowId: flow.id, clusterId: cluster.id });
    expect(await as(admin).clusters.delete({ id: cluster.id })).toEqual({ deleted: true });
    expect((await as(viewer).flows.get({ id: flow.id })).clusterId).toBeNull();
    expect((await as(viewer).flows.get({ id: flow.id })).doc.name).toBe("Orders");
    await expect(as(admin).clusters.get({ id: cluster.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as(admin).clusters.delete({ id: cluster.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { target: cluster.id, action: "cluster.delete" } });
    expect(audit.detail).toEqual({ name: "Linked", unlinkedFlows: 1 });
  });
});
