"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";

export function TokensAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fresh, setFresh] = useState<string | null>(null);
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (t) => {
        setFresh(t.token);
        return refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: refresh }));

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    create.mutate({ name: String(new FormData(formEl).get("name")) }, { onSuccess: () => formEl.reset() });
  }

  return (
    <section className="stack">
      <h1>API tokens</h1>
      <p className="muted">
        Tokens let scripts and the <code>flowlens</code> CLI call the REST API as you, with your role. Send them as{" "}
        <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <form className="card row" onSubmit={onCreate} aria-label="Create token">
        <label>
          Token name
          <input name="name" required maxLength={80} placeholder="ci-pipeline" />
        </label>
        <button type="submit" className="primary" disabled={create.isPending}>
          Create token
        </button>
        <ErrorAlert error={create.error} />
      </form>
      {fresh && (
        <div className="card notice" role="status">
          <p>Copy this token now. Flowlens stores only its hash and cannot show it again.</p>
          <code className="secret" data-testid="new-token">
            {fresh}
          </code>
        </div>
      )}
      {tokens.data?.length === 0 && <p className="muted">No tokens yet.</p>}
      {!!tokens.data?.length && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Prefix</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{t.createdAt.toLocaleString()}</td>
                <td>{t.lastUsedAt ? t.lastUsedAt.toLocaleString() : "never"}</td>
                <td>
                  <button type="button" onClick={() => revoke.mutate({ id: t.id })}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
