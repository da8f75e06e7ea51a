"use client";
import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { DEAD_LETTER_HEADERS } from "@/server/flow/stubs/typescript/render-runtime";
import { REDRIVE_COUNT_HEADER, type DeadLetterInfo, type HeaderView, type PayloadView, type RecordView } from "@/server/observe/dlq";
import { TraceparentLink } from "../traces/traceparent-link";
import { toLocalDateTime } from "./dlq-form";
import { formatByteCount, formatBytes, hexDumpText, hexRows, spacedHex, textToHex, utf8Length } from "./hexdump";

// One dead-lettered record. Everything from the record (key, value, header names and values) is
// rendered as React text children inside <pre>, <code> or <td>, so markup in it stays text.

const TABS = [
  { id: "value", label: "Value" },
  { id: "headers", label: "Headers" },
  { id: "raw", label: "Raw" },
] as const;
type Tab = (typeof TABS)[number]["id"];

const DEAD_LETTER_NAMES = new Set<string>([...DEAD_LETTER_HEADERS.map((h) => h.header), REDRIVE_COUNT_HEADER]);
/** Rows of a hex dump drawn before "Show all": 16 KiB. */
const HEX_ROWS_SHOWN = 1024;
const BYTES_PER_ROW = 16;

export const formatTimestamp = (ms: number) => toLocalDateTime(ms).replace("T", " ");

export function RecordDetail({ record, onClose }: { record: RecordView; onClose: () => void }) {
  const [tab, setTab] = useState<Tab>("value");
  const base = useId();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const name = `Record ${record.partition}/${record.offset}`;

  function onTabKey(e: KeyboardEvent) {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === "ArrowRight" ? (i + 1) % TABS.length : e.key === "ArrowLeft" ? (i + TABS.length - 1) % TABS.length : e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next]!.id);
    tabRefs.current[next]?.focus();
  }

  return (
    <section className="card stack-sm dlq-record" aria-label={name}>
      <div className="row between">
        <h2>{name}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="dlq-facts">
        <dt>Topic</dt>
        <dd>{record.topic}</dd>
        <dt>Time</dt>
        <dd>
          {formatTimestamp(record.timestampMs)} <span className="muted small">({new Date(record.timestampMs).toISOString()})</span>
        </dd>
        <dt>Key</dt>
        <dd className="dlq-key">
          <Payload view={record.key} label="Key" compact />
        </dd>
      </dl>
      {record.deadLetter ? <DeadLetterSummary info={record.deadLetter} /> : <p className="muted small">This record carries no dead-letter headers.</p>}
      <TraceparentLink headers={record.headers} />
      <div role="tablist" aria-label="Record views" className="dlq-tabs" onKeyDown={onTabKey}>
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${base}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.id === "headers" ? `${t.label} (${record.headers.length})` : t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${tab}`} className="dlq-panel">
        {tab === "value" && <Payload view={record.value} label="Value" />}
        {tab === "headers" && <HeadersTable headers={record.headers} />}
        {tab === "raw" && <RawValue view={record.value} />}
      </div>
    </section>
  );
}

function DeadLetterSummary({ info }: { info: DeadLetterInfo }) {
  const none = <span className="muted">—</span>;
  const original = info.originalTopic === null ? none : `${info.originalTopic}${info.originalPartition !== null ? ` / partition ${info.originalPartition}` : ""}${info.originalOffset !== null ? ` / offset ${info.originalOffset}` : ""}`;
  return (
    <dl className="dlq-facts dlq-deadletter" aria-label="Dead-letter headers">
      <dt>Original</dt>
      <dd>{original}</dd>
      <dt>Error class</dt>
      <dd>{info.errorClass ?? none}</dd>
      <dt>Error message</dt>
      <dd className="dlq-wrap">{info.errorMessage ?? none}</dd>
      <dt>Attempts</dt>
      <dd>{info.attempts ?? none}</dd>
      <dt>Failed at</dt>
      <dd>{info.failedAt ?? none}</dd>
      <dt>Redriven</dt>
      <dd>{info.redriveCount === 1 ? "once" : `${info.redriveCount} times`}</dd>
    </dl>
  );
}

function shownBytes(view: PayloadView): number {
  return view.kind === "binary" ? view.hex.length / 2 : utf8Length(view.text);
}

function Truncated({ view }: { view: PayloadView }) {
  if (!view.truncated) return null;
  return (
    <p className="dlq-truncated">
      Truncated: showing {formatBytes(shownBytes(view))} of {formatBytes(view.bytes)} ({formatByteCount(view.bytes)}).
    </p>
  );
}

/** A key or value: JSON re-indented, text as is, anything else as a hex dump and base64. */
function Payload({ view, label, compact = false }: { view: PayloadView | null; label: string; compact?: boolean }) {
  if (view === null) return <p className="muted small">No {label.toLowerCase()} (null).</p>;
  const what =
    view.kind === "json"
      ? `JSON, ${formatByteCount(view.bytes)}, re-indented`
      : view.kind === "text"
        ? `Text, ${formatByteCount(view.bytes)}`
        : `Not UTF-8 text: ${formatByteCount(view.bytes)}, shown as hex and base64`;
  return (
    <div className="stack-sm dlq-payload">
      {!compact && <p className="muted small">{what}</p>}
      <Truncated view={view} />
      {view.kind === "binary" ? (
        <>
          {compact ? (
            <code className="dlq-wrap" aria-label={`${label} (hex)`}>
              {spacedHex(view.hex.slice(0, 512))}
              {view.hex.length > 512 ? " …" : ""}
            </code>
          ) : (
            <HexDump hex={view.hex} bytes={view.hex.length / 2} label={`${label} (hex dump)`} />
          )}
          {!compact && (
            <details>
              <summary>Base64</summary>
              <pre className="dlq-pre" aria-label={`${label} (base64)`} tabIndex={0}>
                {view.base64}
              </pre>
            </details>
          )}
        </>
      ) : (
        <pre className={compact ? "dlq-pre dlq-pre-compact" : "dlq-pre"} aria-label={`${label} content`} tabIndex={0}>
          {view.text}
        </pre>
      )}
    </div>
  );
}

/** Hex of the value's bytes. Text is shown as the UTF-8 it decoded from; JSON as the re-indented text. */
function RawValue({ view }: { view: PayloadView | null }) {
  if (view === null) return <p className="muted small">No value (null): a tombstone.</p>;
  return (
    <div className="stack-sm">
      <p className="muted small">
        {view.kind === "json"
          ? "The UTF-8 bytes of the value as shown: the JSON re-indented, so spacing may differ from what was sent."
          : view.kind === "text"
            ? "The value's bytes (valid UTF-8)."
            : "The value's bytes (not valid UTF-8)."}
      </p>
      <Truncated view={view} />
      {view.kind === "binary" ? <HexDump hex={view.hex} bytes={view.hex.length / 2} label="Raw value (hex dump)" /> : <TextHexDump text={view.text} />}
    </div>
  );
}

function TextHexDump({ text }: { text: string }) {
  const [all, setAll] = useState(false);
  const bytes = useMemo(() => utf8Length(text), [text]);
  // Characters are at least a byte each, so this prefix holds every byte the rows show.
  const hex = useMemo(() => textToHex(all ? text : text.slice(0, HEX_ROWS_SHOWN * BYTES_PER_ROW)), [text, all]);
  return <HexDump hex={hex} bytes={bytes} label="Raw value (hex dump)" all={all} onShowAll={() => setAll(true)} />;
}

function HexDump({ hex, bytes, label, all: allProp, onShowAll }: { hex: string; bytes: number; label: string; all?: boolean; onShowAll?: () => void }) {
  const [allState, setAll] = useState(false);
  const all = allProp ?? allState;
  const rowsTotal = Math.ceil(bytes / BYTES_PER_ROW);
  const text = useMemo(() => hexDumpText(hexRows(hex, all ? Infinity : HEX_ROWS_SHOWN)), [hex, all]);
  return (
    <>
      <pre className="dlq-pre dlq-hex" aria-label={label} tabIndex={0}>
        {text}
      </pre>
      {!all && rowsTotal > HEX_ROWS_SHOWN && (
        <p className="row">
          <span className="muted small">
            First {formatBytes(HEX_ROWS_SHOWN * BYTES_PER_ROW)} of {formatBytes(bytes)}.
          </span>
          <button type="button" onClick={onShowAll ?? (() => setAll(true))}>
            Show all {new Intl.NumberFormat("en-US").format(rowsTotal)} rows
          </button>
        </p>
      )}
    </>
  );
}

function HeadersTable({ headers }: { headers: HeaderView[] }) {
  if (!headers.length) return <p className="muted">No headers.</p>;
  return (
    <table className="table observe-table dlq-headers">
      <caption className="visually-hidden">Headers</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {headers.map((h, i) => (
          <tr key={i}>
            <th scope="row" className="row-head dlq-wrap">
              <code>{h.key}</code>
              {DEAD_LETTER_NAMES.has(h.key) && <span className="badge dlq-badge">dead letter</span>}
            </th>
            <td>
              <HeaderValue value={h.value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HeaderValue({ value }: { value: HeaderView["value"] }) {
  if (value === null) return <span className="muted">(null)</span>;
  return (
    <>
      {value.kind === "binary" && <span className="muted small">not UTF-8, {formatByteCount(value.bytes)} as hex: </span>}
      <code className="dlq-wrap">{value.kind === "binary" ? spacedHex(value.hex) : value.text}</code>
      {value.truncated && <span className="dlq-truncated small"> (truncated: showing {formatBytes(shownBytes(value))} of {formatByteCount(value.bytes)})</span>}
    </>
  );
}
