import type { Metadata } from "next";
import { Suspense } from "react";
import { TraceSearch } from "@/components/traces/trace-search";

export const metadata: Metadata = { title: "Traces" };

export default function TracesPage() {
  return (
    // The search lives in the query string, read on the client.
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <TraceSearch />
    </Suspense>
  );
}
