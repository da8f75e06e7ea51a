"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { Waterfall, WaterfallRow } from "@/server/observe/traces";
import type { SpanRecord } from "@/server/otel/source";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";
import { SpanDetail } from "./span-detail";
import { barPosition, formatSpanDuration, formatStartTime, KIND_LABELS, shortId, traceHref } from "./trace-view";

// One trace as a waterfall: a row per span in tree order (consumer traces stitched under the
// producer spans they link to), a bar per span on a shared timeline, and the picked span's details.
// Everything from the spans is rendered as text children.

const INDENT_REM = 1.1;

export function TraceWaterfallPage({ traceId }: { traceId: string }) {
  const trpc = useTRPC();
  const trace = useQuery({ ...trpc.traces.get.queryOptions({ traceId }), refetchOnWindowFocus: false, retry: false });
  const [picked, setPicked] = useState<string | null>(null);
  const data = trace.data;
  const selected = data?.rows.find((r) => r.key === picked) ?? null;

  return (
    <section className="stack traces">
      <div className="page-head">
        <h1>
          Trace <code>{shortId(traceId)}</code>
        </h1>
        <Link href="/traces">All traces</Link>
      </div>
      <ErrorAlert error={trace.error} />
      {trace.isPending && <p className="muted">Loading the trace…</p>}
      {data && (
        <>
          <TraceFacts trace={data} source={data.source} />
          {(data.linkedTracesOmitted > 0 || data.spansOmitted > 0) && (
            <p className="muted small" role="note">
              {data.linkedTracesOmitted > 0 && `${data.linkedTracesOmitted} more linked trace${data.linkedTracesOmitted === 1 ? " is" : "s are"} not shown. `}
              {data.spansOmitted > 0 && `${data.spansOmitted} later span${data.spansOmitted === 1 ? " is" : "s are"} not shown.`}
            </p>
          )}
          <div className="traces-layout">
            <WaterfallTable trace={data} picked={picked} onPick={(k) => setPicked((p) => (p === k ? null : k))} />
            {selected ? <SpanDetail row={selected} onClose={() => setPicked(null)} /> : <p className="muted traces-hint">Choose a span to see its attributes, events and links.</p>}
          </div>
        </>
      )}
    </section>
  );
}

function TraceFacts({ trace, source }: { trace: Waterfall<SpanRecord>; source: string }) {
  const first = trace.rows[0];
  return (
    <dl className="traces-facts" aria-label="Trace summary">
      <dt>Trace id</dt>
      <dd>
        <code>{trace.traceId}</code>
      </dd>
      <dt>Started</dt>
      <dd>{first ? formatStartTime(Number(trace.startNs / 1_000_000n)) : "—"}</dd>
      <dt>Duration</dt>
      <dd>{formatSpanDuration(trace.durationMs)}</dd>
      <dt>Spans</dt>
      <dd>
        {trace.spanCount}
        {trace.errorCount > 0 && <span className="badge traces-error-badge">{trace.errorCount} with errors</span>}
      </dd>
      <dt>Services</dt>
      <dd>{trace.services.join(", ")}</dd>
      {trace.traceIds.length > 1 && (
        <>
          <dt>Linked traces</dt>
          <dd>
            <ul className="traces-inline-list">
              {trace.traceIds.slice(1).map((t) => (
                <li key={t}>
                  <Link href={traceHref(t)} aria-label={`Open linked trace ${t}`}>
                    <code>{shortId(t)}</code>
                  </Link>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      <dt>Source</dt>
      <dd>{source}</dd>
    </dl>
  );
}

function WaterfallTable({ trace, picked, onPick }: { trace: Waterfall<SpanRecord>; picked: string | null; onPick: (key: string) => void }) {
  const total = trace.durationMs;
  return (
    <table className="table traces-waterfall" aria-label="Waterfall">
      <thead>
        <tr>
          <th scope="col">Span</th>
          <th scope="col">Kind</th>
          <th scope="col" className="num">
            Duration
          </th>
          <th scope="col" className="traces-timeline-head">
            <span className="visually-hidden">Timeline</span>
            <span aria-hidden="true" className="traces-scale">
              <span>0</span>
              <span>{formatSpanDuration(total / 2)}</span>
              <span>{formatSpanDuration(total)}</span>
            </span>
          </th>
        </tr>
      </thead>
      <tbody>
        {trace.rows.map((r) => (
          <Row key={r.key} row={r} total={total} picked={picked === r.key} onPick={onPick} />
        ))}
      </tbody>
    </table>
  );
}

function Row({ row, total, picked, onPick }: { row: WaterfallRow<SpanRecord>; total: number; picked: boolean; onPick: (key: string) => void }) {
  const { span } = row;
  const bar = barPosition(row.offsetMs, row.durationMs, total);
  const classes = ["traces-row", picked ? "selected" : "", row.error ? "traces-error" : "", row.linked ? "traces-linked" : "", row.otherTrace ? "traces-other" : ""].filter(Boolean).join(" ");
  return (
    <tr className={classes} data-testid="waterfall-row" data-depth={row.depth}>
      <th scope="row" className="traces-span-cell">
        <div className="traces-indent" style={{ paddingLeft: `${row.depth * INDENT_REM}rem` }}>
          <button type="button" className="traces-span-button" aria-pressed={picked} onClick={() => onPick(row.key)} aria-label={`${span.service}: ${span.name}`}>
            <span className="traces-service">{span.service}</span> <span className="traces-name">{span.name}</span>
          </button>
          {row.error && <span className="badge traces-error-badge">error</span>}
          {row.linked && row.linkedFrom && <span className="badge traces-linked-badge">linked from trace {shortId(row.linkedFrom.traceId)}</span>}
          {row.otherTrace && !row.linked && <span className="badge">trace {shortId(span.traceId)}</span>}
          {row.orphan && (
            <span className="badge traces-orphan-badge" title="Its parent span was not received">
              parent missing
            </span>
          )}
        </div>
      </th>
      <td className="traces-kind">{KIND_LABELS[span.kind] ?? String(span.kind)}</td>
      <td className="num">{formatSpanDuration(row.durationMs)}</td>
      <td className="traces-timeline">
        <div className="traces-track" aria-hidden="true">
          <div className={`traces-bar kind-${span.kind}`} style={{ left: `${bar.left}%`, width: `${bar.width}%` }} />
        </div>
        <span className="visually-hidden">
          starts at {formatSpanDuration(row.offsetMs)}, lasts {formatSpanDuration(row.durationMs)}
        </span>
      </td>
    </tr>
  );
}
