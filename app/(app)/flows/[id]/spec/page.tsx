import type { Metadata } from "next";
import { SpecView } from "@/components/specs/spec-view";
import { requireUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "AsyncAPI" };

export default async function SpecPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ app?: string }> }) {
  const [{ id }, { app }] = await Promise.all([params, searchParams, requireUser()]);
  return <SpecView flowId={id} initialApp={typeof app === "string" ? app : undefined} />;
}
