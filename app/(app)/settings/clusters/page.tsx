import type { Metadata } from "next";
import { ClustersAdmin } from "@/components/settings/clusters-admin";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Clusters" };

export default async function ClustersPage() {
  const user = await requireUser();
  if (!hasRole(user.role, "admin")) {
    return (
      <section className="stack">
        <h1>Clusters</h1>
        <p className="muted">Only admins manage cluster connections. You are signed in as {user.email} ({user.role}).</p>
      </section>
    );
  }
  return <ClustersAdmin />;
}
