import type { Metadata } from "next";
import { Suspense } from "react";
import { GroupsOverview } from "@/components/observe/groups-overview";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Observe" };

export default async function ObservePage() {
  const user = await requireUser();
  return (
    // The picked cluster lives in ?cluster=, read on the client.
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <GroupsOverview isAdmin={hasRole(user.role, "admin")} />
    </Suspense>
  );
}
