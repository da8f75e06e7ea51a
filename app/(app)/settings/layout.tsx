import Link from "next/link";
import type { ReactNode } from "react";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="settings">
      <nav aria-label="Settings" className="subnav">
        <Link href="/settings/users">Users</Link>
        <Link href="/settings/tokens">API tokens</Link>
      </nav>
      <div>{children}</div>
    </div>
  );
}
