import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { hashPassword } from "../auth/password";
import type { Role } from "../auth/roles";

export interface UserView {
  id: string;
  name: string;
  email: string;
  role: string;
  createdAt: Date;
}

export class UserError extends Error {
  constructor(
    message: string,
    readonly code: "CONFLICT" | "NOT_FOUND" | "BAD_REQUEST",
  ) {
    super(message);
  }
}

const select = { id: true, name: true, email: true, role: true, createdAt: true } as const;

export async function createUser(
  prisma: Db,
  input: { email: string; name: string; password: string; role: Role },
): Promise<UserView> {
  const email = input.email.trim().toLowerCase();
  if (await prisma.user.findUnique({ where: { email } })) {
    throw new UserError(`A user with email ${email} already exists`, "CONFLICT");
  }
  const id = randomUUID();
  const password = await hashPassword(input.password);
  return prisma.user.create({
    data: {
      id,
      email,
      name: input.name,
      role: input.role,
      emailVerified: true,
      // Better Auth's credential account holds the password hash.
      accounts: { create: { id: randomUUID(), accountId: id, providerId: "credential", password } },
    },
    select,
  });
}

export function listUsers(prisma: Db): Promise<UserView[]> {
  return prisma.user.findMany({ select, orderBy: { createdAt: "asc" } });
}

export async function setUserRole(prisma: Db, actorId: string, userId: string, role: Role): Promise<UserView> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new UserError("No such user", "NOT_FOUND");
  if (user.role === "admin" && role !== "admin") {
    const admins = await prisma.user.count({ where: { role: "admin" } });
    if (admins <= 1) throw new UserError("Flowlens needs at least one admin; promote another user first", "BAD_REQUEST");
  }
  const updated = await prisma.user.update({ where: { id: userId }, data: { role }, select });
  await prisma.auditLog.create({
    data: { actorId, action: "user.set-role", target: userId, detail: { from: user.role, to: role } },
  });
  return updated;
}

/**
 * First run: with no users at all, create the admin from FLOWLENS_ADMIN_EMAIL and
 * FLOWLENS_ADMIN_PASSWORD, or with a random password that is returned to be printed once.
 */
export async function ensureFirstAdmin(
  prisma: Db,
  configured: { email?: string; password?: string },
): Promise<{ email: string; password?: string } | null> {
  if ((await prisma.user.count()) > 0) return null;
  const email = configured.email ?? "admin@flowlens.local";
  const generated = configured.password ? undefined : randomBytes(18).toString("base64url");
  await createUser(prisma, { email, name: "Admin", password: configured.password ?? generated!, role: "admin" });
  return { email, password: generated };
}
