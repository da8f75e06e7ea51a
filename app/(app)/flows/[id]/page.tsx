import type { Metadata } from "next";
import { headers } from "next/headers";
import { FlowEditor } from "@/components/canvas/flow-editor";
import { appRouter } from "@/server/api/root";
import { createCallerFactory } from "@/server/api/trpc";
import { db } from "@/server/db/client";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Design" };

const createCaller = createCallerFactory(appRouter);

export default async function FlowPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, user] = await Promise.all([params, requireUser()]);
  // The flow travels with the page, so the canvas draws on hydration instead of after a second
  // round trip. Errors (a deleted flow, say) are left to the client, which explains them.
  const caller = createCaller({ db: db(), user, headers: await headers() });
  const initial = await caller.flows.get({ id }).catch(() => undefined);
  return <FlowEditor flowId={id} canEdit={hasRole(user.role, "editor")} initial={initial} />;
}
