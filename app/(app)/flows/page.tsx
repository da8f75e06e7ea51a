import type { Metadata } from "next";
import { FlowsList } from "@/components/flows/flows-list";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  const user = await requireUser();
  return <FlowsList canEdit={hasRole(user.role, "editor")} />;
}
