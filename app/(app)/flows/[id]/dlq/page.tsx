import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { DlqBrowser } from "@/components/dlq/dlq-browser";
import { appRouter } from "@/server/api/root";
import { createCallerFactory } from "@/server/api/trpc";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/session";
import { db } from "@/server/db/client";

export const metadata: Metadata = { title: "Dead letters" };

const createCaller = createCallerFactory(appRouter);

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// The flow decides the cluster (the one it is linked to) and which DLQs are listed: its designed
// ones, whatever their names, and the cluster's topics named like DLQs.
export default async function FlowDlqPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const [{ id }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const caller = createCaller({ db: db(), user, headers: await headers() });
  const flow = await caller.flows.get({ id }).catch(() => null);
  const topic = typeof query.topic === "string" ? query.topic : undefined;

  if (!flow) {
    return (
      <section className="stack">
        <h1>Dead letters</h1>
        <div className="empty">
          <h2>No such flow</h2>
          <p className="muted">That flow does not exist (it may have been deleted).</p>
          <p>
            <Link href="/flows">Back to the flows</Link>
          </p>
        </div>
      </section>
    );
  }
  if (!flow.clusterId) {
    return (
      <section className="stack">
        <h1>Dead letters of {flow.name}</h1>
        <div className="empty">
          <h2>Not linked to a cluster</h2>
          <p className="muted">Dead letters are read from the Kafka cluster a flow is linked to, and “{flow.name}” is not linked to one yet.</p>
          <p>
            <Link href={`/flows/${encodeURIComponent(id)}`}>Back to the flow</Link>
          </p>
        </div>
      </section>
    );
  }
  return <DlqBrowser clusterId={flow.clusterId} flowId={id} flowName={flow.name} initialTopic={topic} canRedrive={hasRole(user.role, "editor")} />;
}
