import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import type { ClusterConfig } from "../kafka/client";
import { checkClusterHealth } from "../kafka/cluster-health";
import type { SaslMechanism } from "../kafka/connection-settings";
import { secretBox } from "../secrets/master-key";
import type { SecretBox } from "../secrets/secret-box";

// Cluster connections. Secrets are sealed with the row id and column as associated data, so a
// ciphertext copied to another row or column does not open. They are opened only to build an
// adapter's config (clusterConfig, testConnection) and never appear in a view.

export const secretFields = ["saslPassword", "tlsCa", "tlsCert", "tlsKey"] as const;
export type SecretField = (typeof secretFields)[number];
type Secrets = Partial<Record<SecretField, string>>;

const column = {
  saslPassword: "saslPasswordEnc",
  tlsCa: "tlsCaEnc",
  tlsCert: "tlsCertEnc",
  tlsKey: "tlsKeyEnc",
} as const satisfies Record<SecretField, string>;

export interface ClusterSettings {
  name: string;
  brokers: string[];
  saslMechanism: SaslMechanism | null;
  saslUsername?: string | null;
  tls: boolean;
  tlsRejectUnauthorized: boolean;
}

/** What an admin submits. A blank or missing secret means "keep the stored one"; `clear` removes it. */
export interface ClusterInput extends ClusterSettings, Secrets {
  clear?: readonly SecretField[];
}

export interface ClusterRef {
  id: string;
  name: string;
}

export interface ClusterView extends ClusterRef {
  brokers: string[];
  saslMechanism: SaslMechanism | null;
  saslUsername: string | null;
  tls: boolean;
  tlsRejectUnauthorized: boolean;
  hasPassword: boolean;
  hasCa: boolean;
  hasClientCert: boolean;
  linkedFlows: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConnectionTestResult {
  ok: boolean;
  brokers: number;
  controller: number | null;
  clusterId?: string;
  error?: string;
}

export class ClusterError extends Error {
  constructor(
    message: string,
    readonly code: "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST",
  ) {
    super(message);
  }
}

const TEST_TIMEOUT_MS = 5000;
const notFound = () => new ClusterError("That cluster does not exist (it may have been deleted).", "NOT_FOUND");

const rowSelect = {
  id: true,
  name: true,
  brokers: true,
  saslMechanism: true,
  saslUsername: true,
  saslPasswordEnc: true,
  tls: true,
  tlsCaEnc: true,
  tlsCertEnc: true,
  tlsKeyEnc: true,
  tlsRejectUnauthorized: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { flows: true } },
} as const;

type Row = {
  id: string;
  name: string;
  brokers: string[];
  saslMechanism: string | null;
  saslUsername: string | null;
  saslPasswordEnc: string | null;
  tls: boolean;
  tlsCaEnc: string | null;
  tlsCertEnc: string | null;
  tlsKeyEnc: string | null;
  tlsRejectUnauthorized: boolean;
  createdAt: Date;
  updatedAt: Date;
  _count: { flows: number };
};

function toView(row: Row): ClusterView {
  return {
    id: row.id,
    name: row.name,
    brokers: row.brokers,
    saslMechanism: row.saslMechanism as SaslMechanism | null,
    saslUsername: row.saslUsername,
    tls: row.tls,
    tlsRejectUnauthorized: row.tlsRejectUnauthorized,
    hasPassword: !!row.saslPasswordEnc,
    hasCa: !!row.tlsCaEnc,
    hasClientCert: !!row.tlsCertEnc && !!row.tlsKeyEnc,
    linkedFlows: row._count.flows,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const aad = (id: string, field: SecretField) => `cluster:${id}:${field}`;

function given(input: Secrets): Secrets {
  const out: Secrets = {};
  for (const f of secretFields) if (input[f]?.trim()) out[f] = input[f];
  return out;
}

function seal(box: SecretBox, id: string, plain: Secrets): Secrets {
  const out: Secrets = {};
  for (const f of secretFields) if (plain[f] !== undefined) out[f] = box.seal(plain[f], aad(id, f));
  return out;
}

function storedCiphertexts(row: Row): Secrets {
  const out: Secrets = {};
  for (const f of secretFields) if (row[column[f]]) out[f] = row[column[f]]!;
  return out;
}

function open(box: SecretBox, id: string, sealed: Secrets): Secrets {
  const out: Secrets = {};
  for (const f of secretFields) if (sealed[f] !== undefined) out[f] = box.open(sealed[f], aad(id, f));
  return out;
}

function settingsOf(input: ClusterSettings): ClusterSettings {
  return {
    name: input.name.trim(),
    brokers: input.brokers,
    saslMechanism: input.saslMechanism,
    saslUsername: input.saslMechanism ? (input.saslUsername?.trim() ?? null) : null,
    tls: input.tls,
    tlsRejectUnauthorized: input.tlsRejectUnauthorized,
  };
}

/**
 * The secrets a connection ends up with: a new value replaces the stored one, `clear` removes it,
 * and anything else is kept. Secrets of a switched-off feature (SASL, TLS) are dropped, not kept.
 * Works on ciphertext and plaintext alike, since it only looks at presence.
 */
export function mergeSecrets(stored: Secrets, next: Secrets, clear: readonly SecretField[], s: Pick<ClusterSettings, "saslMechanism" | "saslUsername" | "tls">): Secrets {
  const out: Secrets = {};
  for (const f of secretFields) {
    const v = next[f] ?? (clear.includes(f) ? undefined : stored[f]);
    if (v !== undefined) out[f] = v;
  }
  if (!s.saslMechanism) delete out.saslPassword;
  if (!s.tls) {
    delete out.tlsCa;
    delete out.tlsCert;
    delete out.tlsKey;
  }
  if (s.saslMechanism && !s.saslUsername) throw new ClusterError("Enter the SASL username.", "BAD_REQUEST");
  if (s.saslMechanism && !out.saslPassword) throw new ClusterError("Enter the SASL password.", "BAD_REQUEST");
  if (!!out.tlsCert !== !!out.tlsKey) {
    throw new ClusterError("A client certificate needs its private key, and a key its certificate: give both or neither.", "BAD_REQUEST");
  }
  return out;
}

/**
 * A stored password goes only to the brokers it was saved for: otherwise an admin could point a
 * cluster at their own host and read the password off the wire (PLAIN sends it in clear). Keys
 * are safe to keep, since TLS never sends them.
 */
function assertPasswordStaysHome(storedBrokers: readonly string[], s: ClusterSettings, fresh: Secrets, merged: Secrets) {
  if (!s.saslMechanism || fresh.saslPassword || !merged.saslPassword) return;
  const added = s.brokers.filter((b) => !storedBrokers.includes(b));
  if (added.length) {
    throw new ClusterError(
      `Enter the SASL password again: the stored one is only sent to the brokers it was saved with, and ${added.join(", ")} ${added.length === 1 ? "is" : "are"} new.`,
      "BAD_REQUEST",
    );
  }
}

function columns(sealed: Secrets) {
  return {
    saslPasswordEnc: sealed.saslPassword ?? null,
    tlsCaEnc: sealed.tlsCa ?? null,
    tlsCertEnc: sealed.tlsCert ?? null,
    tlsKeyEnc: sealed.tlsKey ?? null,
  };
}

function toConfig(s: Omit<ClusterSettings, "name">, plain: Secrets): ClusterConfig {
  return {
    brokers: s.brokers,
    clientId: "flowlens",
    ...(s.saslMechanism ? { sasl: { mechanism: s.saslMechanism, username: s.saslUsername ?? "", password: plain.saslPassword ?? "" } } : {}),
    ...(s.tls ? { ssl: { ca: plain.tlsCa, cert: plain.tlsCert, key: plain.tlsKey, rejectUnauthorized: s.tlsRejectUnauthorized } } : {}),
  };
}

async function assertNameFree(prisma: Db, name: string, exceptId?: string) {
  const other = await prisma.cluster.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== exceptId) throw new ClusterError(`A cluster named "${name}" already exists.`, "CONFLICT");
}

function uniqueViolation(e: unknown, name: string): never {
  if ((e as { code?: string })?.code === "P2002") throw new ClusterError(`A cluster named "${name}" already exists.`, "CONFLICT");
  throw e;
}

export async function listClusters(prisma: Db): Promise<ClusterView[]> {
  return (await prisma.cluster.findMany({ select: rowSelect, orderBy: { name: "asc" } })).map(toView);
}

/** What any signed-in user may know of the clusters: enough to pick one for a flow. */
export function listClusterRefs(prisma: Db): Promise<ClusterRef[]> {
  return prisma.cluster.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export async function getCluster(prisma: Db, id: string): Promise<ClusterView> {
  const row = await prisma.cluster.findUnique({ where: { id }, select: rowSelect });
  if (!row) throw notFound();
  return toView(row);
}

export async function createCluster(prisma: Db, actorId: string, input: ClusterInput): Promise<ClusterView> {
  const s = settingsOf(input);
  const id = randomUUID();
  const secrets = mergeSecrets({}, given(input), [], s);
  await assertNameFree(prisma, s.name);
  const row = await prisma.cluster
    .create({ data: { id, ...s, saslUsername: s.saslUsername ?? null, ...columns(seal(secretBox(), id, secrets)), createdById: actorId }, select: rowSelect })
    .catch((e) => uniqueViolation(e, s.name));
  await prisma.auditLog.create({
    data: { actorId, action: "cluster.create", target: id, detail: { name: s.name, brokers: s.brokers, secrets: Object.keys(secrets) } },
  });
  return toView(row);
}

export async function updateCluster(prisma: Db, actorId: string, id: string, input: ClusterInput): Promise<ClusterView> {
  const row = await prisma.cluster.findUnique({ where: { id }, select: rowSelect });
  if (!row) throw notFound();
  const s = settingsOf(input);
  const fresh = given(input);
  const clear = input.clear ?? [];
  const merged = mergeSecrets(storedCiphertexts(row), seal(secretBox(), id, fresh), clear, s);
  assertPasswordStaysHome(row.brokers, s, fresh, merged);
  await assertNameFree(prisma, s.name, id);
  const updated = await prisma.cluster
    .update({ where: { id }, data: { ...s, saslUsername: s.saslUsername ?? null, ...columns(merged) }, select: rowSelect })
    .catch((e) => uniqueViolation(e, s.name));
  const before = storedCiphertexts(row);
  await prisma.auditLog.create({
    data: {
      actorId,
      action: "cluster.update",
      target: id,
      // Which secrets changed, never their values.
      detail: {
        name: s.name,
        brokers: s.brokers,
        secretsSet: Object.keys(fresh),
        secretsRemoved: secretFields.filter((f) => before[f] !== undefined && merged[f] === undefined),
      },
    },
  });
  return toView(updated);
}

export async function deleteCluster(prisma: Db, actorId: string, id: string): Promise<void> {
  const row = await prisma.cluster.findUnique({ where: { id }, select: { name: true, _count: { select: { flows: true } } } });
  if (!row) throw notFound();
  // Linked flows keep their design; the foreign key sets their clusterId to null.
  const { count } = await prisma.cluster.deleteMany({ where: { id } });
  if (!count) throw notFound();
  await prisma.auditLog.create({
    data: { actorId, action: "cluster.delete", target: id, detail: { name: row.name, unlinkedFlows: row._count.flows } },
  });
}

/** Server side only: the decrypted connection config for the Kafka adapters. */
export async function clusterConfig(prisma: Db, id: string): Promise<ClusterConfig> {
  const row = await prisma.cluster.findUnique({ where: { id }, select: rowSelect });
  if (!row) throw notFound();
  return toConfig(toView(row), open(secretBox(), id, storedCiphertexts(row)));
}

/**
 * Connects and asks for the cluster's metadata, within about 5 s. Tests a saved cluster (`id`),
 * unsaved form values (`values`), or a saved cluster with edits not yet saved (both: blank
 * secrets in `values` fall back to the stored ones).
 */
export async function testConnection(
  prisma: Db,
  target: { id?: string; values?: Omit<ClusterInput, "name"> },
): Promise<ConnectionTestResult> {
  const failed = (error: string): ConnectionTestResult => ({ ok: false, brokers: 0, controller: null, error });
  let cfg: ClusterConfig;
  try {
    if (target.values) {
      const v = target.values;
      const s = settingsOf({ ...v, name: "" });
      const fresh = given(v);
      let stored: Secrets = {};
      if (target.id) {
        const row = await prisma.cluster.findUnique({ where: { id: target.id }, select: rowSelect });
        if (!row) throw notFound();
        // Decided on presence alone, before anything is decrypted.
        assertPasswordStaysHome(row.brokers, s, fresh, mergeSecrets(storedCiphertexts(row), fresh, v.clear ?? [], s));
        stored = open(secretBox(), target.id, storedCiphertexts(row));
      }
      cfg = toConfig(s, mergeSecrets(stored, fresh, v.clear ?? [], s));
    } else if (target.id) {
      cfg = await clusterConfig(prisma, target.id);
    } else {
      throw new ClusterError("Say which cluster to test, or give its settings.", "BAD_REQUEST");
    }
  } catch (e) {
    if (e instanceof ClusterError) throw e;
    // A stored secret that no longer opens (another FLOWLENS_SECRET_KEY) is a failed test, not a crash.
    return failed((e as Error).message);
  }
  const health = await checkClusterHealth({ ...cfg, clientId: "flowlens-test" }, TEST_TIMEOUT_MS);
  if (health.status === "down") return failed(health.error);
  return { ok: true, brokers: health.brokers, controller: health.controller, clusterId: health.clusterId };
}

/** Links a flow to a cluster (its topics by name, its consumers by group id), or unlinks it with null. */
export async function linkFlow(prisma: Db, flowId: string, clusterId: string | null): Promise<{ id: string; clusterId: string | null }> {
  if (clusterId && !(await prisma.cluster.findUnique({ where: { id: clusterId }, select: { id: true } }))) throw notFound();
  const { count } = await prisma.flow.updateMany({ where: { id: flowId }, data: { clusterId } });
  if (!count) throw new ClusterError("That flow does not exist (it may have been deleted).", "NOT_FOUND");
  return { id: flowId, clusterId };
}
