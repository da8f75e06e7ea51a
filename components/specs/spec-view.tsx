"use client";
import { yaml } from "@codemirror/lang-yaml";
import { json } from "@codemirror/lang-json";
import { useQuery } from "@tanstack/react-query";
import CodeMirror, { EditorView } from "@uiw/react-codemirror";
import Link from "next/link";
import { useMemo, useState } from "react";
import { applicationNames } from "@/server/flow/asyncapi/emit";
import { fileSlug } from "@/server/flow/asyncapi/files";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";
import { problemText } from "./problem-text";

type Format = "yaml" | "json";
const WHOLE_FLOW = "";

/**
 * The AsyncAPI 3.0 documents of a flow: pick an application (or the whole flow), read its
 * document with highlighting, see what @asyncapi/parser says of it, and download it, all of
 * them, or runnable service stubs.
 */
export function SpecView({ flowId, initialApp }: { flowId: string; initialApp?: string }) {
  const trpc = useTRPC();
  const [picked, setApp] = useState(initialApp ?? WHOLE_FLOW);
  const [format, setFormat] = useState<Format>("yaml");
  const flow = useQuery(trpc.flows.get.queryOptions({ id: flowId }));
  // The applications come from the flow itself, so a stale ?app= link still offers the real ones.
  const apps = useMemo(() => (flow.data ? applicationNames(flow.data.doc) : []), [flow.data]);
  const app = flow.data && picked && !apps.includes(picked) ? WHOLE_FLOW : picked;
  const spec = useQuery({
    ...trpc.specs.get.queryOptions({ id: flowId, app: app || undefined, format }),
    enabled: !!flow.data,
    placeholderData: (prev) => prev,
  });
  const label = spec.data ? `AsyncAPI document ${spec.data.file.fileName}` : "AsyncAPI document";
  const extensions = useMemo(
    () => [format === "json" ? json() : yaml(), EditorView.lineWrapping, EditorView.contentAttributes.of({ "aria-label": label })],
    [format, label],
  );
  const status = spec.data?.status;
  const base = `/api/v1/flows/${encodeURIComponent(flowId)}`;
  const appQuery = app ? `&app=${encodeURIComponent(app)}` : "";

  return (
    <section className="spec-view stack">
      <div className="page-head">
        <Link href={`/flows/${flowId}`} className="muted">
          ← Design
        </Link>
        <h1>AsyncAPI · {flow.data?.name ?? "…"}</h1>
      </div>
      <div className="row wrap">
        <label>
          Application
          <select value={app} onChange={(e) => setApp(e.target.value)}>
            <option value={WHOLE_FLOW}>Whole flow</option>
            {apps.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as Format)}>
            <option value="yaml">YAML</option>
            <option value="json">JSON</option>
          </select>
        </label>
        {/* The server names the files (Content-Disposition); the links follow the current choice. */}
        <a className="button" href={`${base}/asyncapi?format=${format}${appQuery}&download=1`}>
          Download {fileSlug(app || flow.data?.name || "flow")}.asyncapi.{format}
        </a>
        <a className="button" href={`${base}/asyncapi.zip?format=${format}`}>
          Download all (.zip)
        </a>
        {apps.length ? (
          <a className="button" href={`${base}/stubs.zip?lang=ts${appQuery}`}>
            Download {app ? `${app} stub` : "all stubs"} (.zip)
          </a>
        ) : (
          <span className="muted small">No producer, transformer or consumer yet, so no stubs.</span>
        )}
      </div>
      <ErrorAlert error={spec.error} />
      {status && (
        <div className={`card parser-status ${status.errors.length ? "notice" : ""}`}>
          <span role="status" aria-label="Parser status">
            {status.errors.length ? (
              <strong className="error">
                @asyncapi/parser: {status.errors.length} error{status.errors.length === 1 ? "" : "s"}
              </strong>
            ) : (
              <strong className="ok">Valid AsyncAPI 3.0.0 (@asyncapi/parser: 0 errors)</strong>
            )}
            {!!status.warnings.length && (
              <span className="muted">
                {" "}
                · {status.warnings.length} warning{status.warnings.length === 1 ? "" : "s"}
              </span>
            )}
          </span>
          {!!(status.errors.length || status.warnings.length) && (
            <details open={!!status.errors.length}>
              <summary>Details</summary>
              <ul className="problems-list">
                {[...status.errors, ...status.warnings].map((p, i) => (
                  <li key={i} className={i < status.errors.length ? "error" : "warning"}>
                    {problemText(p)}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {spec.isPending && <p className="muted">Generating the document…</p>}
      {spec.data && (
        <div className="spec-code" aria-busy={spec.isFetching}>
          <CodeMirror
            value={spec.data.file.text}
            editable={false}
            readOnly
            extensions={extensions}
            basicSetup={{ lineNumbers: true, foldGutter: true, highlightActiveLine: false }}
          />
        </div>
      )}
    </section>
  );
}
