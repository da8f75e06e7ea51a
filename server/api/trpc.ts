import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { auth } from "../auth/auth";
import { bearerToken } from "../auth/api-token";
import { hasRole, type Role } from "../auth/roles";
import { db } from "../db/client";
import { userForApiToken } from "../services/api-tokens";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: string;
}

/** Who is calling: a Bearer API token (automation) or the session cookie (browser). */
export async function resolveUser(headers: Headers): Promise<SessionUser | null> {
  const token = bearerToken(headers.get("authorization"));
  if (token) return userForApiToken(db(), token);
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const u = session.user as typeof session.user & { role?: string };
  return { id: u.id, email: u.email, name: u.name, role: u.role ?? "viewer" };
}

export async function createContext(opts: { headers: Headers }) {
  return { db: db(), user: await resolveUser(opts.headers), headers: opts.headers };
}
export type Context = Awaited<ReturnType<typeof createContext>>;

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    // Field-level messages for forms: { fieldErrors: { name: ["..."] }, formErrors: [] }.
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    return { ...shape, data: { ...shape.data, zodError } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const authed = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

function requireRole(role: Role) {
  return authed.unstable_pipe(({ ctx, next }) => {
    if (!hasRole(ctx.user.role, role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${role} role; you are ${ctx.user.role}` });
    }
    return next({ ctx });
  });
}

/** Any signed-in user (viewer and up). */
export const viewerProcedure = t.procedure.use(authed);
export const editorProcedure = t.procedure.use(requireRole("editor"));
export const adminProcedure = t.procedure.use(requireRole("admin"));
