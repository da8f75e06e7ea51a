import Link from "next/link";
import type { ReactNode } from "react";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/session";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className="settings">
      <nav aria-label="Settings" className="subnav">
        <Link href="/settings/users">Users</Link>
        <Link href="/settings/tokens">API tokens</Link>
        {hasRole(user.role, "admin") && <Link href="/settings/clusters">Clusters</Link>}
      </nav>
      <div>{children}</div>
    </div>
  );
}
