"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { isDeadLetterTopicName, type PayloadView, type RecordView } from "@/server/observe/dlq";
import { ErrorAlert } from "../error-alert";
import { formatLag } from "../observe/format";
import { useClusterOverview } from "../observe/use-live";
import { useTRPC } from "../trpc";
import { browseSummary } from "./browse-state";
import { browseInput, emptyForm, recordKey, redriveRange, type DlqForm, type FormErrors } from "./dlq-form";
import { formatTimestamp, RecordDetail } from "./record-view";
import { RedriveDialog, type RedriveRequest } from "./redrive-dialog";
import { RedriveJobs } from "./redrive-jobs";
import { useBrowse } from "./use-dlq";

export interface DlqBrowserProps {
  clusterId: string;
  /** The flow the page belongs to: its designed DLQs are listed and browsable whatever their names. */
  flowId?: string;
  flowName?: string;
  initialTopic?: string;
  /** Editors and admins may redrive; viewers browse. The server checks again. */
  canRedrive: boolean;
}

const NONE = "—";
/** Characters of a key shown in the list; the record view shows all of it. */
const KEY_PREVIEW = 120;

function keyPreview(view: PayloadView | null): string {
  if (view === null) return NONE;
  if (view.kind === "binary") return `hex ${view.hex.slice(0, 32)}${view.hex.length > 32 ? "…" : ""}`;
  return view.text.length > KEY_PREVIEW ? `${view.text.slice(0, KEY_PREVIEW)}…` : view.text;
}

/** Dead letters of one DLQ: a bounded, filtered read, each record's value, headers and bytes, and redrive. */
export function DlqBrowser({ clusterId, flowId, flowName, initialTopic, canRedrive }: DlqBrowserProps) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const cluster = clusters.data?.find((c) => c.id === clusterId);
  const [topic, setTopic] = useState(initialTopic ?? "");
  const [form, setForm] = useState<DlqForm>(emptyForm);
  const [errors, setErrors] = useState<FormErrors>({});
  const browse = useBrowse();
  const { state } = browse;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);
  const [redrive, setRedrive] = useState<RedriveRequest | null>(null);
  const [rangeErrors, setRangeErrors] = useState<FormErrors>({});
  const reading = state.status === "reading";
  const readTopic = browse.input?.topic ?? null;
  const openRecord = useMemo(() => state.records.find((r) => recordKey(r) === open) ?? null, [state.records, open]);
  const noRedriveId = useId();

  function pickTopic(next: string) {
    setTopic(next);
    setErrors((e) => ({ ...e, topic: undefined }));
    // The topic is kept in the address for sharing, without asking the server for the page again.
    window.history.replaceState(null, "", next ? `${pathname}?topic=${encodeURIComponent(next)}` : pathname);
  }

  function onRead(e: FormEvent) {
    e.preventDefault();
    if (reading) return;
    const parsed = browseInput(form, { clusterId, flowId, topic });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    setRangeErrors({});
    setSelected(new Set());
    setOpen(null);
    browse.read(parsed.value);
  }

  function toggle(key: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }

  const allSelected = state.records.length > 0 && state.records.every((r) => selected.has(recordKey(r)));
  const chosen = state.records.filter((r) => selected.has(recordKey(r)));

  function redriveAllMatching() {
    const known = state.partitions.map((p) => p.partition);
    const parsed = redriveRange(form, known);
    if (!parsed.ok) return setRangeErrors(parsed.errors);
    setRangeErrors({});
    setRedrive({ kind: "range", selection: parsed.value, matchedByRead: readTopic === topic && state.status !== "idle" ? state.matched : null });
  }

  const set = <K extends keyof DlqForm>(k: K) => (v: DlqForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const home = flowId ? `/flows/${encodeURIComponent(flowId)}` : `/observe?cluster=${encodeURIComponent(clusterId)}`;
  const redriveTopic = readTopic ?? topic.trim();

  return (
    <section className="stack observe dlq">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link href={home}>{flowId ? (flowName ?? "Flow") : cluster ? `Observe: ${cluster.name}` : "Observe"}</Link>
          </li>
          <li aria-current="page">Dead letters</li>
        </ol>
      </nav>
      <div className="page-head">
        <h1>
          Dead letters
          {cluster && <span className="muted small-head"> on {cluster.name}</span>}
        </h1>
      </div>
      {clusters.isSuccess && !cluster && (
        <p role="alert" className="error">
          That cluster does not exist (it may have been deleted).
        </p>
      )}

      <form className="card stack-sm dlq-form" aria-label="Read dead letters" onSubmit={onRead} noValidate>
        {flowId ? (
          <FlowTopicPicker flowId={flowId} topic={topic} onPick={pickTopic} error={errors.topic} />
        ) : (
          <ClusterTopicPicker clusterId={clusterId} topic={topic} onPick={pickTopic} error={errors.topic} />
        )}
        <fieldset className="dlq-fieldset">
          <legend>Range</legend>
          <div className="row wrap">
            <Field label="Max records" error={errors.max}>
              {(a) => (
                <input {...a} type="number" min={1} max={1000} inputMode="numeric" value={form.max} onChange={(e) => set("max")(e.target.value)} className="narrow" />
              )}
            </Field>
            <label>
              Range by
              <select
                value={form.rangeKind}
                onChange={(e) => setForm((f) => ({ ...f, rangeKind: e.target.value as DlqForm["rangeKind"], from: "", to: "" }))}
                className="narrow"
              >
                <option value="offset">Offset</option>
                <option value="time">Time</option>
              </select>
            </label>
            <Field label={form.rangeKind === "offset" ? "From offset" : "From time"} error={errors.from}>
              {(a) =>
                form.rangeKind === "offset" ? (
                  <input {...a} type="number" min={0} inputMode="numeric" value={form.from} onChange={(e) => set("from")(e.target.value)} placeholder="start" className="narrow" />
                ) : (
                  <input {...a} type="datetime-local" step={1} value={form.from} onChange={(e) => set("from")(e.target.value)} />
                )
              }
            </Field>
            <Field label={form.rangeKind === "offset" ? "To offset (exclusive)" : "To time (exclusive)"} error={errors.to}>
              {(a) =>
                form.rangeKind === "offset" ? (
                  <input {...a} type="number" min={0} inputMode="numeric" value={form.to} onChange={(e) => set("to")(e.target.value)} placeholder="end" className="narrow" />
                ) : (
                  <input {...a} type="datetime-local" step={1} value={form.to} onChange={(e) => set("to")(e.target.value)} />
                )
              }
            </Field>
            <Field label="Partitions" error={errors.partitions ?? rangeErrors.partitions}>
              {(a) => (
                <input {...a} value={form.partitions} onChange={(e) => set("partitions")(e.target.value)} placeholder="all, or e.g. 0, 2-3" className="narrow" />
              )}
            </Field>
            <label className="check">
              <input type="checkbox" checked={form.newestFirst} onChange={(e) => set("newestFirst")(e.target.checked)} />
              Newest first
            </label>
          </div>
        </fieldset>
        <fieldset className="dlq-fieldset">
          <legend>Filter</legend>
          <div className="row wrap">
            <div className="row dlq-pair">
              <label>
                Key match
                <select value={form.keyMode} onChange={(e) => set("keyMode")(e.target.value as DlqForm["keyMode"])} className="narrow">
                  <option value="contains">contains</option>
                  <option value="equals">equals</option>
                </select>
              </label>
              <Field label="Key" error={errors.key}>
                {(a) => (
                  <input {...a} value={form.key} onChange={(e) => set("key")(e.target.value)} spellCheck={false} autoComplete="off" />
                )}
              </Field>
            </div>
            <div className="row dlq-pair">
              <Field label="Header name" error={errors.headerName}>
                {(a) => (
                  <input {...a} value={form.headerName} onChange={(e) => set("headerName")(e.target.value)} spellCheck={false} autoComplete="off" placeholder="e.g. x-tenant" />
                )}
              </Field>
              <label>
                Header match
                <select value={form.headerMode} onChange={(e) => set("headerMode")(e.target.value as DlqForm["headerMode"])} className="narrow">
                  <option value="equals">equals</option>
                  <option value="contains">contains</option>
                </select>
              </label>
              <Field label="Header value" error={errors.headerValue}>
                {(a) => (
                  <input {...a} value={form.headerValue} onChange={(e) => set("headerValue")(e.target.value)} spellCheck={false} autoComplete="off" placeholder="any value" />
                )}
              </Field>
            </div>
            <Field label="Value contains" error={errors.valueContains}>
              {(a) => (
                <input {...a} value={form.valueContains} onChange={(e) => set("valueContains")(e.target.value)} spellCheck={false} autoComplete="off" />
              )}
            </Field>
            <Field label="Error class" error={errors.errorClass}>
              {(a) => (
                <input {...a} value={form.errorClass} onChange={(e) => set("errorClass")(e.target.value)} spellCheck={false} autoComplete="off" placeholder="e.g. SchemaValidationError" />
              )}
            </Field>
            <label className="check">
              <input type="checkbox" checked={form.caseInsensitive} onChange={(e) => set("caseInsensitive")(e.target.checked)} />
              Ignore case
            </label>
          </div>
          <p className="muted small">Text is matched as typed, character for character: no wildcards or patterns.</p>
        </fieldset>
        <div className="row">
          <button type="submit" className="primary" disabled={reading}>
            Read
          </button>
          <button type="button" onClick={browse.stop} disabled={!reading}>
            Stop
          </button>
          <p role="status" className="muted small dlq-read-status">
            {browseSummary(state, browse.input?.max ?? 0)}
            {browse.reconnecting && " Reconnecting…"}
          </p>
        </div>
        {state.status === "error" && state.error && (
          <p role="alert" className="error dlq-wrap">
            {state.error}
          </p>
        )}
      </form>

      {state.status !== "idle" && (
        <section className="stack-sm" aria-labelledby="records-heading">
          <h2 id="records-heading">
            Records <span className="muted small">{readTopic}</span>
          </h2>
          {state.records.length === 0 ? (
            <p className="muted">{reading ? "Nothing matched yet." : "No record matched."}</p>
          ) : (
            <div className="dlq-table-wrap">
              <table className="table observe-table dlq-records">
                <caption className="visually-hidden">Dead letters</caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label="Select every record listed"
                        checked={allSelected}
                        onChange={() => setSelected(allSelected ? new Set() : new Set(state.records.map(recordKey)))}
                      />
                    </th>
                    <th scope="col" className="num">
                      Partition
                    </th>
                    <th scope="col" className="num">
                      Offset
                    </th>
                    <th scope="col">Time</th>
                    <th scope="col">Key</th>
                    <th scope="col">Error class</th>
                    <th scope="col" className="num">
                      Attempts
                    </th>
                    <th scope="col" className="num">
                      Redriven
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {state.records.map((r) => (
                    <RecordRow key={recordKey(r)} record={r} checked={selected.has(recordKey(r))} isOpen={open === recordKey(r)} onToggle={toggle} onOpen={setOpen} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}

      {redriveTopic && (
        <div className="stack-sm dlq-actions" role="group" aria-label="Redrive">
          <div className="row wrap">
            <button
              type="button"
              className="primary"
              disabled={!canRedrive || chosen.length === 0}
              aria-describedby={!canRedrive ? noRedriveId : undefined}
              onClick={() => setRedrive({ kind: "records", records: chosen })}
            >
              Redrive selected ({chosen.length})
            </button>
            <button
              type="button"
              disabled={!canRedrive || reading}
              aria-describedby={!canRedrive ? noRedriveId : undefined}
              onClick={redriveAllMatching}
            >
              Redrive all matching the filter
            </button>
          </div>
          {!canRedrive && (
            <p id={noRedriveId} className="muted small">
              Redrive needs the editor or admin role. As a viewer you can browse dead letters, not send them back.
            </p>
          )}
          {rangeErrors.partitions && (
            <p role="alert" className="error small">
              {rangeErrors.partitions}
            </p>
          )}
          {Object.entries(rangeErrors)
            .filter(([k]) => k !== "partitions")
            .map(([k, v]) => (
              <p key={k} role="alert" className="error small">
                Fix the form before redriving: {v}
              </p>
            ))}
        </div>
      )}

      {openRecord && <RecordDetail key={open} record={openRecord} onClose={() => setOpen(null)} />}

      <RedriveJobs clusterId={clusterId} flowId={flowId} canCancel={canRedrive} />

      {redrive && redriveTopic && (
        <RedriveDialog clusterId={clusterId} flowId={flowId} sourceTopic={redriveTopic} request={redrive} onClose={() => setRedrive(null)} />
      )}
    </section>
  );
}

function RecordRow({
  record: r,
  checked,
  isOpen,
  onToggle,
  onOpen,
}: {
  record: RecordView;
  checked: boolean;
  isOpen: boolean;
  onToggle: (key: string) => void;
  onOpen: (key: string | null) => void;
}) {
  const key = recordKey(r);
  const preview = keyPreview(r.key);
  return (
    <tr className={isOpen ? "selected" : undefined}>
      <td>
        <input type="checkbox" aria-label={`Select record ${key}`} checked={checked} onChange={() => onToggle(key)} />
      </td>
      <td className="num">{r.partition}</td>
      <td className="num">
        <button type="button" className="link dlq-open" aria-label={`Open record ${key}`} aria-pressed={isOpen} onClick={() => onOpen(isOpen ? null : key)}>
          {r.offset}
        </button>
      </td>
      <td className="dlq-time">{formatTimestamp(r.timestampMs)}</td>
      <td className="dlq-cell" title={preview}>
        {r.key?.kind === "binary" ? <span className="muted">{preview}</span> : preview}
      </td>
      <td className="dlq-cell">{r.deadLetter?.errorClass ?? NONE}</td>
      <td className="num">{r.deadLetter?.attempts ?? NONE}</td>
      <td className="num">{r.deadLetter?.redriveCount ?? 0}</td>
    </tr>
  );
}

/** Props that tie an input to its error message. */
type A11y = { "aria-invalid"?: true; "aria-describedby"?: string };

function Field({ label, error, children }: { label: string; error?: string; children: (a11y: A11y) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label>
        {label}
        {children(error ? { "aria-invalid": true, "aria-describedby": id } : {})}
      </label>
      {error && (
        <span id={id} className="error small">
          {error}
        </span>
      )}
    </div>
  );
}

function topicOption(t: { topic: string; designed: boolean; onCluster: boolean; partitions: number | null; depth: number | null }): string {
  const kind = t.designed ? "designed" : "by name";
  if (!t.onCluster) return `${t.topic} (${kind}, not on the cluster)`;
  const depth = t.depth === null ? "depth unknown" : `${formatLag(t.depth)} ${t.depth === 1 ? "record" : "records"}`;
  const partitions = t.partitions === null ? "" : `, ${t.partitions} ${t.partitions === 1 ? "partition" : "partitions"}`;
  return `${t.topic} (${kind}; ${depth}${partitions})`;
}

/** The flow's designed DLQs and the linked cluster's topics named like DLQs, with their depth. */
function FlowTopicPicker({ flowId, topic, onPick, error }: { flowId: string; topic: string; onPick: (t: string) => void; error?: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.dlq.list.queryOptions({ flowId }));
  const topics = list.data?.topics ?? [];
  const listed = topics.some((t) => t.topic === topic);
  return (
    <div className="stack-sm">
      <div className="row wrap">
        <Field label="Dead-letter topic" error={error}>
          {(a) => (
            <select {...a} value={topic} onChange={(e) => onPick(e.target.value)} className="dlq-topic">
              {!topic && <option value="">{list.isPending ? "Loading…" : "Choose a topic…"}</option>}
              {topic && !listed && <option value={topic}>{topic}</option>}
              {topics.map((t) => (
                <option key={t.topic} value={t.topic}>
                  {topicOption(t)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" onClick={() => list.refetch()} disabled={list.isFetching}>
          Refresh depths
        </button>
      </div>
      <ErrorAlert error={list.error} />
      {list.data?.error && <p className="error small">The cluster could not be read: {list.data.error}</p>}
      {list.isSuccess && topics.length === 0 && (
        <p className="muted small">This flow has no dead-letter queue, and its cluster has no topic named *.dlq, *-dlq or *.DLT.</p>
      )}
    </div>
  );
}

/** Any topic named like a DLQ; the ones this cluster's poller sees are suggested, with their depth. */
function ClusterTopicPicker({ clusterId, topic, onPick, error }: { clusterId: string; topic: string; onPick: (t: string) => void; error?: string }) {
  const overview = useClusterOverview(clusterId);
  const listId = useId();
  const seen = (overview.data?.topics ?? []).filter((t) => isDeadLetterTopicName(t.topic));
  return (
    <div className="stack-sm">
      <Field label="Dead-letter topic" error={error}>
        {(a) => (
          <input
            {...a}
            value={topic}
            onChange={(e) => onPick(e.target.value)}
            list={listId}
            spellCheck={false}
            autoComplete="off"
            placeholder="e.g. orders.dlq"
            maxLength={249}
            className="dlq-topic"
          />
        )}
      </Field>
      <datalist id={listId}>
        {seen.map((t) => (
          <option key={t.topic} value={t.topic}>
            {`${formatLag(t.depth)} ${t.depth === 1 ? "record" : "records"}`}
          </option>
        ))}
      </datalist>
      <p className="muted small">
        Topics named *.dlq, *-dlq or *.DLT.
        {seen.length > 0 && ` Seen on this cluster: ${seen.map((t) => `${t.topic} (${formatLag(t.depth)})`).join(", ")}.`}
      </p>
    </div>
  );
}
