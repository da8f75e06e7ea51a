import { appRouter } from "@/server/api/root";
import { createCallerFactory, type Context } from "@/server/api/trpc";
import type { Db } from "@/server/db/client";
import { createUser } from "@/server/services/users";

const createCaller = createCallerFactory(appRouter);

/** A viewer, an editor and an admin, and `as(user)` calling procedures as one of them (null: signed out). */
export async function roleUsers(db: Db) {
  const make = (role: "viewer" | "editor" | "admin", email: string, name: string) => createUser(db, { email, name, password: "long-enough-pass", role });
  const viewer = await make("viewer", "v@example.com", "V");
  const editor = await make("editor", "e@example.com", "E");
  const admin = await make("admin", "a@example.com", "A");
  const as = (u: typeof viewer | null) => createCaller({ db, user: u, headers: new Headers() } as Context);
  return { viewer, editor, admin, as };
}
