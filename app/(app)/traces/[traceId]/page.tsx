import type { Metadata } from "next";
import { TraceWaterfallPage } from "@/components/traces/trace-waterfall";

export const metadata: Metadata = { title: "Trace" };

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { traceId } = await params;
  return <TraceWaterfallPage key={traceId} traceId={traceId} />;
}
