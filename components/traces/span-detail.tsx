"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { WaterfallRow } from "@/server/observe/traces";
import type { Attributes, SpanRecord } from "@/server/otel/source";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";
import { attributeText, formatSpanDuration, formatStartTime, KIND_LABELS, recordHref, traceHref } from "./trace-view";

const STATUS = ["unset", "ok", "error"] as const;

/** Everything one span carries, as text: facts, messaging fields, attributes, resource, events and links. */
export function SpanDetail({ row, onClose }: { row: WaterfallRow<SpanRecord>; onClose: () => void }) {
  const { span, messaging: m } = row;
  const none = <span className="muted">—</span>;
  const startMs = Number(span.startNs / 1_000_000n);
  return (
    <section className="card stack-sm traces-detail" aria-label={`Span ${span.name}`}>
      <div className="row between">
        <h2 className="traces-wrap">{span.name}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="traces-facts">
        <dt>Service</dt>
        <dd>{span.service}</dd>
        <dt>Kind</dt>
        <dd>{KIND_LABELS[span.kind] ?? String(span.kind)}</dd>
        <dt>Status</dt>
        <dd className={span.statusCode === 2 ? "error" : undefined}>
          {STATUS[span.statusCode] ?? String(span.statusCode)}
          {span.statusMessage ? `: ${span.statusMessage}` : ""}
        </dd>
        <dt>Started</dt>
        <dd>
          {formatStartTime(startMs)} <span className="muted small">(+{formatSpanDuration(row.offsetMs)})</span>
        </dd>
        <dt>Duration</dt>
        <dd>{formatSpanDuration(row.durationMs)}</dd>
        <dt>Trace</dt>
        <dd>
          <code className="traces-wrap">{span.traceId}</code>
        </dd>
        <dt>Span</dt>
        <dd>
          <code>{span.spanId}</code>
        </dd>
        <dt>Parent</dt>
        <dd>{span.parentSpanId ? <code>{span.parentSpanId}</code> : none}</dd>
        {row.linkedFrom && (
          <>
            <dt>Linked from</dt>
            <dd>
              span <code>{row.linkedFrom.spanId}</code> of trace <code className="traces-wrap">{row.linkedFrom.traceId}</code>
            </dd>
          </>
        )}
      </dl>
      {(m.topic !== null || m.consumerGroup !== null) && (
        <section className="stack-sm" aria-label="Messaging">
          <h3>Messaging</h3>
          <dl className="traces-facts">
            <dt>Topic</dt>
            <dd>{m.topic ?? none}</dd>
            <dt>Partition</dt>
            <dd>{m.partition ?? none}</dd>
            <dt>Offset</dt>
            <dd>{m.offset ?? none}</dd>
            <dt>Consumer group</dt>
            <dd>{m.consumerGroup ?? none}</dd>
          </dl>
          {m.topic !== null && m.partition !== null && m.offset !== null && <OpenRecord at={{ topic: m.topic, partition: m.partition, offset: m.offset }} />}
        </section>
      )}
      <AttributeTable title="Attributes" attrs={span.attributes} />
      <AttributeTable title="Resource" attrs={span.resource} />
      <section className="stack-sm" aria-label="Events">
        <h3>Events ({span.events.length})</h3>
        {span.events.length === 0 ? (
          <p className="muted small">No events.</p>
        ) : (
          <ol className="traces-events">
            {span.events.map((e, i) => (
              <li key={i}>
                <span className="traces-wrap">
                  <strong>{e.name}</strong> <span className="muted small">+{formatSpanDuration(Number(e.timeNs - span.startNs) / 1e6)}</span>
                </span>
                {Object.keys(e.attributes).length > 0 && <AttributeTable title={`Attributes of ${e.name}`} attrs={e.attributes} compact />}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="stack-sm" aria-label="Links">
        <h3>Links ({span.links.length})</h3>
        {span.links.length === 0 ? (
          <p className="muted small">No links.</p>
        ) : (
          <ul className="traces-events">
            {span.links.map((l, i) => (
              <li key={i}>
                span <code>{l.spanId}</code> of trace{" "}
                <Link href={traceHref(l.traceId)} aria-label={`Open linked trace ${l.traceId}`}>
                  <code className="traces-wrap">{l.traceId}</code>
                </Link>
                {Object.keys(l.attributes).length > 0 && <AttributeTable title={`Attributes of link ${i + 1}`} attrs={l.attributes} compact />}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

function AttributeTable({ title, attrs, compact = false }: { title: string; attrs: Attributes; compact?: boolean }) {
  const entries = Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const table = (
    <table className="table traces-attrs">
      <caption className="visually-hidden">{title}</caption>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">
              <code className="traces-wrap">{k}</code>
            </th>
            <td>
              <code className="traces-wrap">{attributeText(v)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (compact) return table;
  return (
    <section className="stack-sm" aria-label={title}>
      <h3>
        {title} ({entries.length})
      </h3>
      {entries.length ? table : <p className="muted small">None.</p>}
    </section>
  );
}

/** "Open record": straight to the message browser with one cluster, a cluster picker with several. */
function OpenRecord({ at }: { at: { topic: string; partition: number; offset: number } }) {
  const trpc = useTRPC();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const list = clusters.data ?? [];
  const [chosen, setChosen] = useState("");
  const clusterId = list.length === 1 ? list[0]!.id : chosen;
  if (clusters.error) return <ErrorAlert error={clusters.error} />;
  if (clusters.isPending) return null;
  if (!list.length) return <p className="muted small">Connect a Kafka cluster (Settings → Clusters) to open this record.</p>;
  return (
    <div className="row wrap traces-open-record">
      {list.length > 1 && (
        <label>
          Cluster
          <select value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">Choose a cluster…</option>
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {clusterId ? (
        <Link className="button" href={recordHref(clusterId, at)}>
          Open record
        </Link>
      ) : (
        <span className="muted small">Choose the cluster that holds {at.topic} to open the record.</span>
      )}
    </div>
  );
}
