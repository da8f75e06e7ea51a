import "server-only";
import type { Db } from "../db/client";
import { asJson } from "../db/json";
import { emptyFlow, type FlowDoc } from "../flow/model";
import { migrateFlow } from "../flow/migrations";

export interface FlowSummary {
  id: string;
  name: string;
  description: string;
  version: number;
  updatedAt: Date;
}

export interface FlowRecord extends FlowSummary {
  doc: FlowDoc;
  clusterId: string | null;
}

export class FlowError extends Error {
  constructor(
    message: string,
    readonly code: "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST",
    readonly currentVersion?: number,
  ) {
    super(message);
  }
}

const summary = { id: true, name: true, description: true, version: true, updatedAt: true } as const;

export function listFlows(prisma: Db, search?: string): Promise<FlowSummary[]> {
  const q = search?.trim();
  return prisma.flow.findMany({
    where: q ? { name: { contains: q, mode: "insensitive" } } : undefined,
    select: summary,
    orderBy: { updatedAt: "desc" },
  });
}

export async function createFlow(prisma: Db, userId: string, input: { name: string; description?: string; doc?: FlowDoc }): Promise<FlowSummary> {
  const flowDoc = input.doc ? { ...input.doc, name: input.name } : emptyFlow(input.name, input.description);
  const doc = asJson(flowDoc);
  return prisma.$transaction(async (tx) => {
    const flow = await tx.flow.create({ data: { name: flowDoc.name, description: flowDoc.description, doc, createdById: userId }, select: summary });
    await tx.flowVersion.create({ data: { flowId: flow.id, version: 1, doc, authorId: userId, message: input.doc ? "Imported" : "Created" } });
    await tx.auditLog.create({ data: { actorId: userId, action: "flow.create", target: flow.id, detail: { name: flowDoc.name } } });
    return flow;
  });
}

export async function getFlow(prisma: Db, id: string): Promise<FlowRecord> {
  const row = await prisma.flow.findUnique({ where: { id }, select: { ...summary, doc: true, clusterId: true } });
  if (!row) throw new FlowError("That flow does not exist (it may have been deleted).", "NOT_FOUND");
  // Stored documents are brought to the current schema on read, so every saved flow opens.
  return { ...row, doc: migrateFlow(row.doc) };
}

/**
 * Saves a new version, but only on top of `baseVersion`: if someone saved in between, nothing is
 * written and the caller gets a CONFLICT naming the current version.
 */
export async function saveFlow(
  prisma: Db,
  userId: string,
  input: { id: string; baseVersion: number; doc: FlowDoc; message?: string },
): Promise<FlowSummary> {
  const next = input.baseVersion + 1;
  const doc = asJson(input.doc);
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.flow.updateMany({
      where: { id: input.id, version: input.baseVersion },
      data: { doc, version: next, name: input.doc.name, description: input.doc.description },
    });
    if (count === 0) {
      const current = await tx.flow.findUnique({ where: { id: input.id }, select: { version: true } });
      if (!current) throw new FlowError("That flow does not exist (it may have been deleted).", "NOT_FOUND");
      const last = await tx.flowVersion.findUnique({
        where: { flowId_version: { flowId: input.id, version: current.version } },
        select: { createdAt: true, authorId: true },
      });
      const who = last?.authorId ? await tx.user.findUnique({ where: { id: last.authorId }, select: { name: true } }) : null;
      throw new FlowError(
        `This flow was changed by ${who?.name ?? "someone else"} (version ${current.version}) after you opened version ${input.baseVersion}. Your changes were not saved. Reload to see theirs.`,
        "CONFLICT",
        current.version,
      );
    }
    await tx.flowVersion.create({ data: { flowId: input.id, version: next, doc, authorId: userId, message: input.message ?? "" } });
    return tx.flow.findUniqueOrThrow({ where: { id: input.id }, select: summary });
  });
}

export interface VersionSummary {
  version: number;
  createdAt: Date;
  message: string;
  author: string | null;
}

export async function listVersions(prisma: Db, flowId: string): Promise<VersionSummary[]> {
  const rows = await prisma.flowVersion.findMany({
    where: { flowId },
    select: { version: true, createdAt: true, message: true, authorId: true },
    orderBy: { version: "desc" },
    take: 200,
  });
  const ids = [...new Set(rows.map((r) => r.authorId).filter((x): x is string => !!x))];
  const users = new Map((await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return rows.map((r) => ({ version: r.version, createdAt: r.createdAt, message: r.message, author: r.authorId ? (users.get(r.authorId) ?? null) : null }));
}

export async function getVersion(prisma: Db, flowId: string, version: number): Promise<{ version: number; doc: FlowDoc }> {
  const row = await prisma.flowVersion.findUnique({ where: { flowId_version: { flowId, version } }, select: { version: true, doc: true } });
  if (!row) throw new FlowError(`Version ${version} of this flow does not exist.`, "NOT_FOUND");
  return { version: row.version, doc: migrateFlow(row.doc) };
}

/** Restoring writes the old document as a new version, so history is never rewritten. */
export async function restoreVersion(prisma: Db, userId: string, input: { id: string; version: number; baseVersion: number }): Promise<FlowSummary> {
  const old = await getVersion(prisma, input.id, input.version);
  return saveFlow(prisma, userId, { id: input.id, baseVersion: input.baseVersion, doc: old.doc, message: `Restored version ${input.version}` });
}

export async function duplicateFlow(prisma: Db, userId: string, id: string): Promise<FlowSummary> {
  const src = await getFlow(prisma, id);
  const names = new Set((await prisma.flow.findMany({ select: { name: true } })).map((f) => f.name));
  let name = `${src.name} (copy)`;
  for (let i = 2; names.has(name); i++) name = `${src.name} (copy ${i})`;
  return createFlow(prisma, userId, { name, doc: src.doc });
}

export async function deleteFlow(prisma: Db, userId: string, id: string): Promise<void> {
  const { count } = await prisma.flow.deleteMany({ where: { id } });
  if (!count) throw new FlowError("That flow does not exist (it may have been deleted).", "NOT_FOUND");
  await prisma.auditLog.create({ data: { actorId: userId, action: "flow.delete", target: id } });
}
