import type { Metadata } from "next";
import { DlqBrowser } from "@/components/dlq/dlq-browser";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Dead letters" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Any topic of the cluster named like a DLQ (*.dlq, *-dlq, *.DLT), without a flow.
export default async function ClusterDlqPage({ params, searchParams }: { params: Promise<{ clusterId: string }>; searchParams: SearchParams }) {
  const [{ clusterId }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const topic = typeof query.topic === "string" ? query.topic : undefined;
  return <DlqBrowser clusterId={clusterId} initialTopic={topic} canRedrive={hasRole(user.role, "editor")} />;
}
