import type { Metadata } from "next";
import { UsersAdmin } from "@/components/settings/users-admin";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requireUser();
  if (!hasRole(user.role, "admin")) {
    return (
      <section className="stack">
        <h1>Users</h1>
        <p className="muted">Only admins manage users. You are signed in as {user.email} ({user.role}).</p>
      </section>
    );
  }
  return <UsersAdmin currentUserId={user.id} />;
}
