import "server-only";
import type { Db } from "../db/client";
import { hashApiToken, newApiToken } from "../auth/api-token";

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const select = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true } as const;

export async function createApiToken(prisma: Db, userId: string, name: string): Promise<TokenView & { token: string }> {
  const { token, prefix, tokenHash } = newApiToken();
  const row = await prisma.apiToken.create({ data: { name, prefix, tokenHash, userId }, select });
  await prisma.auditLog.create({ data: { actorId: userId, action: "token.create", target: row.id, detail: { name } } });
  return { ...row, token };
}

export function listApiTokens(prisma: Db, userId: string): Promise<TokenView[]> {
  return prisma.apiToken.findMany({ where: { userId, revokedAt: null }, select, orderBy: { createdAt: "desc" } });
}

export async function revokeApiToken(prisma: Db, userId: string, id: string): Promise<boolean> {
  const { count } = await prisma.apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count) await prisma.auditLog.create({ data: { actorId: userId, action: "token.revoke", target: id } });
  return count > 0;
}

/** The user a Bearer token belongs to, or null for an unknown or revoked token. */
export async function userForApiToken(prisma: Db, token: string) {
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    include: { user: { select: { id: true, email: true, name: true, role: true } } },
  });
  if (!row || row.revokedAt) return null;
  // Last-used is informational; don't fail the request if this write does.
  prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  return row.user;
}
