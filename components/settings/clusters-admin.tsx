"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import type { ClusterViewOutput as ClusterView } from "@/server/api/routers/clusters/clusters.types";
import { saslMechanismLabels, saslMechanisms, type SaslMechanism } from "@/server/kafka/connection-settings";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";

const STORED = "•••••• (stored)";
type SecretField = "saslPassword" | "tlsCa" | "tlsCert" | "tlsKey";

const isView = (c: { id: string; name: string }): c is ClusterView => "brokers" in c;

function security(c: ClusterView): string {
  const parts = [c.saslMechanism ? `SASL ${saslMechanismLabels[c.saslMechanism]}` : null, c.tls ? (c.hasClientCert ? "TLS, client certificate" : "TLS") : null];
  return parts.filter(Boolean).join(" · ") || "Plaintext";
}

export function ClustersAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const views = (clusters.data ?? []).filter(isView);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.clusters.list.queryKey() });
  const remove = useMutation(trpc.clusters.delete.mutationOptions());
  const current = editing && editing !== "new" ? views.find((c) => c.id === editing) : undefined;

  function onDelete(c: ClusterView) {
    remove.mutate(
      { id: c.id },
      {
        onSuccess: async () => {
          setConfirming(null);
          if (editing === c.id) setEditing(null);
          setNotice(`Deleted ${c.name}.`);
          await refresh();
        },
      },
    );
  }

  return (
    <section className="stack">
      <div className="page-head">
        <h1>Clusters</h1>
        <button
          type="button"
          className="primary"
          onClick={() => {
            setEditing("new");
            setNotice(null);
          }}
        >
          Add cluster
        </button>
      </div>
      <p className="muted">
        The Kafka clusters flows are linked to. Passwords, certificates and keys are encrypted at rest and never sent back to the
        browser: a stored one shows as {STORED} and is kept unless you type a new one.
      </p>
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
      {editing && (
        <ClusterForm
          key={current ? `${current.id}:${current.updatedAt.getTime()}` : "new"}
          initial={current}
          onSaved={async (c) => {
            await refresh();
            setEditing(c.id);
            setNotice(`Saved ${c.name}.`);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <ErrorAlert error={clusters.error ?? remove.error} />
      {clusters.data && views.length === 0 && <p className="muted">No clusters yet.</p>}
      {views.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Brokers</th>
              <th>Security</th>
              <th>Flows</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {views.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>
                  <code>{c.brokers.join(", ")}</code>
                </td>
                <td>{security(c)}</td>
                <td>{c.linkedFlows}</td>
                <td>
                  {confirming === c.id ? (
                    <span className="row">
                      <span>
                        Delete {c.name}?{" "}
                        {c.linkedFlows > 0 && `${c.linkedFlows} linked flow${c.linkedFlows === 1 ? "" : "s"} will be unlinked.`}
                      </span>
                      <button type="button" className="danger" disabled={remove.isPending} onClick={() => onDelete(c)}>
                        Delete cluster
                      </button>
                      <button type="button" onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <span className="row">
                      <button
                        type="button"
                        aria-label={`Edit ${c.name}`}
                        onClick={() => {
                          setEditing(c.id);
                          setNotice(null);
                        }}
                      >
                        Edit
                      </button>
                      <button type="button" className="danger" aria-label={`Delete ${c.name}`} onClick={() => setConfirming(c.id)}>
                        Delete
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ClusterForm({ initial, onSaved, onCancel }: { initial?: ClusterView; onSaved: (c: ClusterView) => Promise<void>; onCancel: () => void }) {
  const trpc = useTRPC();
  const formRef = useRef<HTMLFormElement>(null);
  const [mechanism, setMechanism] = useState<SaslMechanism | "">(initial?.saslMechanism ?? "");
  const [tls, setTls] = useState(initial?.tls ?? false);
  const create = useMutation(trpc.clusters.create.mutationOptions());
  const update = useMutation(trpc.clusters.update.mutationOptions());
  const test = useMutation(trpc.clusters.test.mutationOptions());

  // Hidden fields (SASL off, TLS off) are simply absent from the form data.
  function values(form: HTMLFormElement) {
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? "");
    const clear: SecretField[] = [];
    if (f.get("clearCa") === "on") clear.push("tlsCa");
    if (f.get("clearClientCert") === "on") clear.push("tlsCert", "tlsKey");
    return {
      name: text("name"),
      brokers: text("brokers"),
      saslMechanism: mechanism || null,
      saslUsername: mechanism ? text("saslUsername") : null,
      saslPassword: mechanism ? text("saslPassword") : undefined,
      tls,
      tlsCa: tls ? text("tlsCa") : undefined,
      tlsCert: tls ? text("tlsCert") : undefined,
      tlsKey: tls ? text("tlsKey") : undefined,
      tlsRejectUnauthorized: tls ? f.get("tlsRejectUnauthorized") === "on" : true,
      clear,
    };
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = values(e.currentTarget);
    const done = { onSuccess: (c: ClusterView) => onSaved(c) };
    if (initial) update.mutate({ id: initial.id, ...v }, done);
    else create.mutate(v, done);
  }

  function onTest() {
    if (!formRef.current) return;
    const { name: _name, ...connection } = values(formRef.current);
    test.mutate({ id: initial?.id, values: connection });
  }

  const result = test.data;
  const saving = create.isPending || update.isPending;
  return (
    <form ref={formRef} className="card stack-sm cluster-form" onSubmit={onSubmit} aria-label={initial ? `Edit ${initial.name}` : "Add cluster"}>
      <h2>{initial ? `Edit ${initial.name}` : "New cluster"}</h2>
      <div className="row wrap">
        <label>
          Name
          <input name="name" required maxLength={80} defaultValue={initial?.name} placeholder="production" />
        </label>
        <label className="grow">
          Brokers
          <input name="brokers" required defaultValue={initial?.brokers.join(", ")} placeholder="kafka-1:9092, kafka-2:9092" spellCheck={false} />
        </label>
      </div>
      <div className="row wrap">
        <label>
          SASL mechanism
          <select name="saslMechanism" value={mechanism} onChange={(e) => setMechanism(e.target.value as SaslMechanism | "")}>
            <option value="">None</option>
            {saslMechanisms.map((m) => (
              <option key={m} value={m}>
                {saslMechanismLabels[m]}
              </option>
            ))}
          </select>
        </label>
        {mechanism && (
          <>
            <label>
              Username
              <input name="saslUsername" required defaultValue={initial?.saslUsername ?? ""} autoComplete="off" spellCheck={false} />
            </label>
            <label>
              Password
              <input
                name="saslPassword"
                type="password"
                autoComplete="new-password"
                required={!initial?.hasPassword}
                placeholder={initial?.hasPassword ? STORED : ""}
              />
            </label>
          </>
        )}
      </div>
      <label className="check">
        <input type="checkbox" name="tls" checked={tls} onChange={(e) => setTls(e.target.checked)} />
        Use TLS
      </label>
      {tls && (
        <>
          <label>
            CA certificate
            <textarea name="tlsCa" rows={3} spellCheck={false} placeholder={initial?.hasCa ? STORED : "-----BEGIN CERTIFICATE----- (empty: the system's trusted roots)"} />
          </label>
          {initial?.hasCa && (
            <label className="check">
              <input type="checkbox" name="clearCa" /> Remove the stored CA certificate
            </label>
          )}
          <div className="row wrap">
            <label className="grow">
              Client certificate
              <textarea name="tlsCert" rows={3} spellCheck={false} placeholder={initial?.hasClientCert ? STORED : "-----BEGIN CERTIFICATE-----"} />
            </label>
            <label className="grow">
              Client key
              <textarea name="tlsKey" rows={3} spellCheck={false} placeholder={initial?.hasClientCert ? STORED : "-----BEGIN PRIVATE KEY-----"} />
            </label>
          </div>
          {initial?.hasClientCert && (
            <label className="check">
              <input type="checkbox" name="clearClientCert" /> Remove the stored client certificate and key
            </label>
          )}
          <label className="check">
            <input type="checkbox" name="tlsRejectUnauthorized" defaultChecked={initial?.tlsRejectUnauthorized ?? true} />
            Verify server certificate
          </label>
        </>
      )}
      <div className="row">
        <button type="button" onClick={onTest} disabled={test.isPending}>
          Test connection
        </button>
        <button type="submit" className="primary" disabled={saving}>
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <p role="status" className={result && !result.ok ? "error" : "muted"}>
        {test.isPending
          ? "Testing…"
          : result
            ? result.ok
              ? `Connected: ${result.brokers} broker${result.brokers === 1 ? "" : "s"}${result.clusterId ? ` (cluster id ${result.clusterId})` : ""}`
              : result.error
            : ""}
      </p>
      <ErrorAlert error={test.error} />
      <ErrorAlert error={create.error ?? update.error} />
    </form>
  );
}
