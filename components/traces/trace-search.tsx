"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";
import { formatSpanDuration, formatStartTime, paramsFromSearch, parseMinDuration, RANGES, searchFromParams, searchInput, traceHref, type RangeValue, type TraceSearchForm } from "./trace-view";

/** Trace search: the filters live in the URL, so a search can be shared and Back returns to it. */
export function TraceSearch() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const applied = searchFromParams(new URLSearchParams(params.toString()));
  const [form, setForm] = useState<TraceSearchForm>(applied);
  const [minError, setMinError] = useState<string | null>(null);
  const input = searchInput(applied);
  const search = useQuery({ ...trpc.traces.search.queryOptions(input ?? {}), enabled: input !== null, refetchOnWindowFocus: false });
  const traces = search.data?.traces ?? [];

  function submit(e: FormEvent) {
    e.preventDefault();
    const min = parseMinDuration(form.minDurationMs);
    setMinError(min.ok ? null : min.error);
    if (!min.ok) return;
    const qs = paramsFromSearch(form);
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    // The same search again still looks again: newer traces may have arrived.
    if (qs === paramsFromSearch(applied)) void search.refetch();
  }

  const set = <K extends keyof TraceSearchForm>(k: K, v: TraceSearchForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  return (
    <section className="stack traces">
      <div className="page-head">
        <h1>Traces</h1>
        {search.data && <span className="muted small">Source: {search.data.source}</span>}
      </div>
      <form role="search" aria-label="Search traces" className="row wrap filters" onSubmit={submit} noValidate>
        <label>
          Service
          <input type="search" value={form.service} onChange={(e) => set("service", e.target.value)} placeholder="e.g. fulfilment" maxLength={255} />
        </label>
        <label>
          Topic
          <input type="search" value={form.topic} onChange={(e) => set("topic", e.target.value)} placeholder="e.g. orders" maxLength={255} />
        </label>
        <label>
          Consumer group
          <input type="search" value={form.consumerGroup} onChange={(e) => set("consumerGroup", e.target.value)} maxLength={255} />
        </label>
        <label>
          Min duration (ms)
          <input
            type="number"
            min={0}
            inputMode="decimal"
            value={form.minDurationMs}
            onChange={(e) => set("minDurationMs", e.target.value)}
            aria-invalid={minError ? true : undefined}
            aria-describedby={minError ? "trace-min-error" : undefined}
          />
          {minError && (
            <span id="trace-min-error" className="error small">
              {minError}
            </span>
          )}
        </label>
        <label>
          Time range
          <select value={form.range} onChange={(e) => set("range", e.target.value as RangeValue)}>
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={form.errorsOnly} onChange={(e) => set("errorsOnly", e.target.checked)} />
          Errors only
        </label>
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <ErrorAlert error={search.error} />
      {search.isPending && input !== null && <p className="muted">Searching…</p>}
      {search.isSuccess && traces.length === 0 && (
        <div className="empty">
          <h2>No traces found</h2>
          <p className="muted">
            No trace matches in this time range. Services send spans to Flowlens with OTLP/HTTP at <code>/v1/traces</code> (set <code>OTEL_EXPORTER_OTLP_ENDPOINT</code>).
          </p>
        </div>
      )}
      {traces.length > 0 && (
        <table className="table traces-table">
          <caption className="visually-hidden">Traces, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Start</th>
              <th scope="col">Root</th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col" className="num">
                Spans
              </th>
              <th scope="col" className="num">
                Errors
              </th>
              <th scope="col">Services</th>
              <th scope="col">Topics</th>
            </tr>
          </thead>
          <tbody>
            {traces.map((t) => (
              <tr key={t.traceId} className={t.errorCount ? "traces-error" : undefined}>
                <td className="traces-time">
                  <Link href={traceHref(t.traceId)} aria-label={`Trace ${t.rootService}: ${t.rootName} at ${formatStartTime(t.startMs)}`}>
                    {formatStartTime(t.startMs)}
                  </Link>
                </td>
                <td className="traces-cell">
                  <span className="traces-service">{t.rootService}</span> {t.rootName}
                </td>
                <td className="num">{formatSpanDuration(t.durationMs)}</td>
                <td className="num">{t.spanCount}</td>
                <td className="num">{t.errorCount ? <span className="badge traces-error-badge">{t.errorCount} error{t.errorCount === 1 ? "" : "s"}</span> : "0"}</td>
                <td className="traces-cell">{t.services.join(", ")}</td>
                <td className="traces-cell">{t.topics.join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
