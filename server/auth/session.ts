import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { resolveUser, type SessionUser } from "../api/trpc";

/** For server components: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await resolveUser(await headers());
  if (!user) redirect("/sign-in");
  return user;
}
