"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";
import { problemText } from "./problem-text";

const MAX_BYTES = 2_000_000;
const MAX_DOCUMENTS = 20;

/**
 * Import AsyncAPI documents (3.0, or 2.x converted on the way) as a new flow: files, pasted text,
 * or both. Each document is one application. Nothing is created unless every document is valid;
 * problems are listed by file, line and column.
 */
export function ImportAsyncApiDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [pasted, setPasted] = useState("");
  const [name, setName] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const importSpecs = useMutation(
    trpc.specs.import.mutationOptions({
      // With warnings (parts of a document that could not be kept), stay and show them first.
      onSuccess: (r) => {
        if (r.ok && !r.warnings.length) router.push(`/flows/${r.flow.id}`);
      },
    }),
  );

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (reading || importSpecs.isPending) return;
    setLocalError(null);
    const tooBig = files.find((f) => f.size > MAX_BYTES);
    if (tooBig) return setLocalError(`${tooBig.name} is over 2 MB; split it or trim its examples.`);
    if (pasted.length > MAX_BYTES) return setLocalError("The pasted document is over 2 MB; import it as a file split in parts.");
    if (files.length + (pasted.trim() ? 1 : 0) > MAX_DOCUMENTS) return setLocalError(`Import at most ${MAX_DOCUMENTS} documents at a time.`);
    setReading(true);
    let sources: { name: string; text: string }[];
    try {
      sources = await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })));
    } catch (err) {
      return setLocalError(`Could not read the chosen files: ${(err as Error).message}`);
    } finally {
      setReading(false);
    }
    if (pasted.trim()) sources.push({ name: "pasted document", text: pasted });
    if (!sources.length) return setLocalError("Choose AsyncAPI files or paste a document first.");
    importSpecs.mutate({ sources, name: name.trim() || undefined });
  }

  const result = importSpecs.data;
  return (
    <dialog ref={dialog} className="import-dialog" aria-label="Import AsyncAPI" onClose={onClose}>
      <form className="stack" onSubmit={onSubmit} method="dialog">
        <h2>Import AsyncAPI</h2>
        <p className="muted small">
          AsyncAPI 3.0 documents, or 2.x (converted on the way). Each document becomes one application; channels with the same address become one
          topic.
        </p>
        <label>
          AsyncAPI files
          <input type="file" multiple accept=".yaml,.yml,.json,application/json,application/yaml" onChange={(e) => setFiles([...(e.target.files ?? [])])} />
        </label>
        <label>
          Or paste YAML or JSON
          <textarea value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} placeholder="asyncapi: 3.0.0" />
        </label>
        <label>
          Flow name (optional)
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} placeholder="From the document's title" />
        </label>
        {localError && (
          <p role="alert" className="error">
            {localError}
          </p>
        )}
        <ErrorAlert error={importSpecs.error} />
        {result && !result.ok && (
          <div role="alert" aria-label="Import problems">
            <p className="error">Nothing was imported. Fix these and try again:</p>
            <ul className="problems-list">
              {result.errors.map((p, i) => (
                <li key={i} className="error">
                  {problemText(p)}
                </li>
              ))}
            </ul>
          </div>
        )}
        {result?.ok && (
          <div role="status" aria-label="Import warnings">
            <p>
              Imported as “{result.flow.name}”, with {result.warnings.length} warning{result.warnings.length === 1 ? "" : "s"}:
            </p>
            <ul className="problems-list">
              {result.warnings.map((p, i) => (
                <li key={i} className="warning">
                  {problemText(p)}
                </li>
              ))}
            </ul>
            <button type="button" className="primary" onClick={() => router.push(`/flows/${result.flow.id}`)}>
              Open the flow
            </button>
          </div>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={importSpecs.isPending || reading || !!result?.ok}>
            {importSpecs.isPending || reading ? "Importing…" : "Import"}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
