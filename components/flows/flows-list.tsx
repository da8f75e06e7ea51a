"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../error-message";
import { useTRPC } from "../trpc";

export function FlowsList({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [creating, setCreating] = useState(false);
  const flows = useQuery(trpc.flows.list.queryOptions({ search: search || undefined }));
  const create = useMutation(
    trpc.flows.create.mutationOptions({
      onSuccess: () => {
        setCreating(false);
        return queryClient.invalidateQueries({ queryKey: trpc.flows.list.pathKey() });
      },
    }),
  );

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
      </div>

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
          {create.error && (
            <p role="alert" className="error">
              {errorMessage(create.error)}
            </p>
          )}
        </form>
      )}

      {flows.isPending && <p className="muted">Loading flows…</p>}
      {flows.error && (
        <p role="alert" className="error">
          {errorMessage(flows.error)}
        </p>
      )}
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
            </tr>
          </thead>
          <tbody>
            {flows.data.map((f) => (
              <tr key={f.id}>
                <td>{f.name}</td>
                <td>v{f.version}</td>
                <td>{f.updatedAt.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
