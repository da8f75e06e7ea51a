import "server-only";
import type { Db } from "../db/client";
import { emptyFlow } from "../flow/model";
import { asJson } from "../db/json";

export interface FlowSummary {
  id: string;
  name: string;
  description: string;
  version: number;
  updatedAt: Date;
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

export async function createFlow(prisma: Db, userId: string, name: string, description = ""): Promise<FlowSummary> {
  const doc = asJson(emptyFlow(name, description));
  return prisma.$transaction(async (tx) => {
    const flow = await tx.flow.create({ data: { name, description, doc, createdById: userId }, select: summary });
    await tx.flowVersion.create({ data: { flowId: flow.id, version: 1, doc, authorId: userId, message: "Created" } });
    await tx.auditLog.create({ data: { actorId: userId, action: "flow.create", target: flow.id, detail: { name } } });
    return flow;
  });
}
