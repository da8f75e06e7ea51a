"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { applicationNames } from "@/server/flow/asyncapi/emit";
import type { FlowDoc } from "@/server/flow/model";
import { designedTopics } from "@/server/observe/overlay";
import { formatClock, formatDuration } from "../observe/format";
import { useTRPC } from "../trpc";

/** Recent traces that went through the flow (by service or topic); one can be drawn on the design. */
export function TracePicker({ doc, picked, onPick }: { doc: FlowDoc; picked: string | null; onPick: (traceId: string | null) => void }) {
  const trpc = useTRPC();
  const search = useQuery({ ...trpc.traces.search.queryOptions({ range: "15m", limit: 100 }), refetchInterval: 15_000 });
  const traces = useMemo(() => {
    const apps = new Set(applicationNames(doc));
    const topics = new Set(designedTopics(doc));
    return (search.data?.traces ?? []).filter((t) => t.services.some((s) => apps.has(s)) || t.topics.some((x) => topics.has(x))).slice(0, 15);
  }, [search.data, doc]);
  return (
    <section className="trace-picker" aria-label="Traces through this flow">
      <h3>Traces, last 15 minutes</h3>
      {search.error ? (
        <p role="alert" className="error small">
          {search.error.message}
        </p>
      ) : search.isPending ? (
        <p className="muted small">Loading traces…</p>
      ) : !traces.length ? (
        <p className="muted small">No trace went through this flow in the last 15 minutes. Services send spans to Flowlens at /v1/traces.</p>
      ) : (
        <ul>
          {traces.map((t) => (
            <li key={t.traceId}>
              <button type="button" aria-pressed={picked === t.traceId} onClick={() => onPick(picked === t.traceId ? null : t.traceId)}>
                {formatClock(t.startMs)} {t.rootService}: {t.rootName} · {formatDuration(t.durationMs)}
                {t.errorCount ? ` · ${t.errorCount} error${t.errorCount === 1 ? "" : "s"}` : ""}
              </button>{" "}
              <Link href={`/traces/${t.traceId}`}>waterfall</Link>
            </li>
          ))}
        </ul>
      )}
      {picked && (
        <button type="button" onClick={() => onPick(null)}>
          Clear the trace from the design
        </button>
      )}
    </section>
  );
}
