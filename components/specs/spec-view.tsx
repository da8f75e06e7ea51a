"use client";
import { yaml } from "@codemirror/lang-yaml";
import { json } from "@codemirror/lang-json";
import { useQuery } from "@tanstack/react-query";
import CodeMirror, { EditorView } from "@uiw/react-codemirror";
import Link from "next/link";
import { useMemo, useState } from "react";
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
  const [app, setApp] = useState(initialApp ?? WHOLE_FLOW);
  const [format, setFormat] = useState<Format>("yaml");
  const flow = useQuery(trpc.flows.get.queryOptions({ id: flowId }));
  const spec = useQuery({
    ...trpc.specs.get.queryOptions({ id: flowId, app: app || undefined, format }),
    placeholderData: (prev) => prev,
  });
  const extensions = useMemo(() => [format === "json" ? json() : yaml(), EditorView.lineWrapping], [format]);
  const apps = spec.data?.apps ?? [];
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
        <a className="button" href={`${base}/asyncapi?format=${format}${appQuery}&download=1`} download={spec.data?.file.fileName}>
          Download {spec.data?.file.fileName ?? "document"}
        </a>
        <a className="button" href={`${base}/asyncapi.zip?format=${format}`} download>
          Download all (.zip)
        </a>
        <a className="button" href={`${base}/stubs.zip?lang=ts${appQuery}`} download>
          Download {app ? `${app} stub` : "all stubs"} (.zip)
        </a>
      </div>
      <ErrorAlert error={spec.error} />
      {status && (
        <div role="status" aria-label="Parser status" className={`card parser-status ${status.errors.length ? "notice" : ""}`}>
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
            aria-label={`AsyncAPI document ${spec.data.file.fileName}`}
          />
        </div>
      )}
    </section>
  );
}
