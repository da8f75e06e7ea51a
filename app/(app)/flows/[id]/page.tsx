import type { Metadata } from "next";
import { FlowEditor } from "@/components/canvas/flow-editor";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Design" };

export default async function FlowPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, user] = await Promise.all([params, requireUser()]);
  return <FlowEditor flowId={id} canEdit={hasRole(user.role, "editor")} />;
}
