import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { resolveUser, type SessionUser } from "../api/trpc";

/** The signed-in user of this request, looked up once however many layouts and pages ask. */
export const currentUser = cache(async (): Promise<SessionUser | null> => resolveUser(await headers()));

/** For server components: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}
