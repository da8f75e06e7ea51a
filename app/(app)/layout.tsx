import type { ReactNode } from "react";
import { AppNav } from "@/components/shell/app-nav";
import { requireUser } from "@/server/auth/session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className="shell">
      <AppNav user={{ name: user.name, email: user.email, role: user.role }} />
      <main className="content">{children}</main>
    </div>
  );
}
