"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { parseFlowFile } from "@/server/flow/file-format";
import { ErrorAlert } from "../error-alert";
import { ImportAsyncApiDialog } from "../specs/import-dialog";
import { useTRPC } from "../trpc";

export function FlowsList({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const router = useRouter();
  const fileInput = useRef<HTMLInputElement>(null);
  const [creating, setCreating] = useState(false);
  const [importingSpec, setImportingSpec] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);
  const flows = useQuery(trpc.flows.list.queryOptions({ search: search || undefined }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.flows.list.pathKey() });
  const create = useMutation(
    trpc.flows.create.mutationOptions({
      onSuccess: (flow) => {
        setCreating(false);
        void refresh();
        router.push(`/flows/${flow.id}`);
      },
    }),
  );
  const duplicate = useMutation(trpc.flows.duplicate.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.flows.delete.mutationOptions({ onSuccess: refresh }));

  async function onImport(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    setImportError(null);
    try {
      const doc = parseFlowFile(await file.text());
      create.mutate({ name: doc.name, doc });
    } catch (err) {
      setImportError(`${file.name}: ${(err as Error).message}`);
    }
  }

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    create.mutate({ name: String(form.get("name") ?? "") });
  }

  return (
    <section className="stack">
      <div className="page-head">
        <h1>Flows</h1>
        <input
          type="search"
          aria-label="Search flows"
          placeholder="Search flows"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <button
          type="button"
          className="primary"
          onClick={() => setCreating(true)}
          disabled={!canEdit}
          title={canEdit ? undefined : "Creating flows needs the editor role"}
        >
          New flow
        </button>
        {canEdit && (
          <>
            <button type="button" onClick={() => fileInput.current?.click()}>
              Import .flow.json
            </button>
            <input ref={fileInput} type="file" accept=".json,application/json" hidden aria-label="Flow file to import" onChange={onImport} />
            <button type="button" onClick={() => setImportingSpec(true)}>
              Import AsyncAPI
            </button>
            {importingSpec && <ImportAsyncApiDialog open onClose={() => setImportingSpec(false)} />}
          </>
        )}
      </div>
      {importError && (
        <p role="alert" className="error">
          {importError}
        </p>
      )}
      <ErrorAlert error={duplicate.error ?? remove.error} />

      {creating && (
        <form className="card row" onSubmit={onCreate} aria-label="New flow">
          <label>
            Flow name
            <input name="name" required maxLength={200} autoFocus />
          </label>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create
          </button>
          <button type="button" onClick={() => setCreating(false)}>
            Cancel
          </button>
          <ErrorAlert error={create.error} />
        </form>
      )}

      {flows.isPending && <p className="muted">Loading flows…</p>}
      <ErrorAlert error={flows.error} />
      {flows.data?.length === 0 && (
        <div className="empty">
          <h2>{search ? "No flow matches that search" : "No flows yet"}</h2>
          <p className="muted">
            {search
              ? "Try another name."
              : canEdit
                ? "Draw your first event flow: producers, topics, transformers, consumers and dead-letter queues."
                : "An editor has not drawn any flows yet. Ask an admin for the editor role to create one."}
          </p>
        </div>
      )}
      {!!flows.data?.length && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Version</th>
              <th>Updated</th>
              {canEdit && <th aria-label="Actions" />}
            </tr>
          </thead>
          <tbody>
            {flows.data.map((f) => (
              <tr key={f.id}>
                <td>
                  <Link href={`/flows/${f.id}`}>{f.name}</Link>
                </td>
                <td>v{f.version}</td>
                <td>{f.updatedAt.toLocaleString()}</td>
                {canEdit && (
                  <td className="row">
                    <button type="button" onClick={() => duplicate.mutate({ id: f.id })} aria-label={`Duplicate ${f.name}`}>
                      Duplicate
                    </button>
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Delete ${f.name}`}
                      onClick={() => window.confirm(`Delete “${f.name}” and its whole history?`) && remove.mutate({ id: f.id })}
                    >
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
