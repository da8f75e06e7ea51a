"use client";
import dynamic from "next/dynamic";
import { isConsuming, isTopicLike, KIND_LABELS, type FlowDoc, type FlowEdge, type FlowNode, type MessageType } from "@/server/flow/model";
import { dlqTargetOf, removeElements, renameNode, setDlqTarget, updateEdge, updateNode } from "@/server/flow/operations";
import type { Diagnostic } from "@/server/flow/validate";
import type { EditorStore } from "./editor-store";
import { CheckField, NumberField, SelectField, TextField } from "./fields";

// CodeMirror is client-only and sizeable: load it when a schema is first shown.
const JsonSchemaEditor = dynamic(() => import("./json-schema-editor").then((m) => m.JsonSchemaEditor), {
  ssr: false,
  loading: () => <p className="muted small">Loading editor…</p>,
});

const EDGE_LABELS: Record<FlowEdge["kind"], string> = {
  publishes: "publishes to",
  subscribes: "is read by",
  emits: "emits to",
  deadLetters: "dead-letters to",
};

interface Props {
  doc: FlowDoc;
  store: EditorStore;
  selection: ReadonlySet<string>;
  diagnostics: readonly Diagnostic[];
  readOnly: boolean;
  newId: () => string;
}

export function PropertiesPanel({ doc, store, selection, diagnostics, readOnly, newId }: Props) {
  const ids = [...selection];
  const node = ids.length === 1 ? doc.nodes.find((n) => n.id === ids[0]) : undefined;
  const edge = ids.length === 1 && !node ? doc.edges.find((e) => e.id === ids[0]) : undefined;
  return (
    <aside className="properties" aria-label="Properties">
      {node ? (
        <NodeProperties key={node.id} doc={doc} node={node} store={store} diagnostics={diagnostics.filter((d) => d.nodeId === node.id)} readOnly={readOnly} newId={newId} />
      ) : edge ? (
        <EdgeProperties key={edge.id} doc={doc} edge={edge} store={store} diagnostics={diagnostics.filter((d) => d.edgeId === edge.id)} readOnly={readOnly} />
      ) : (
        <div>
          <h2>{ids.length > 1 ? `${ids.length} selected` : "Flow"}</h2>
          {ids.length > 1 ? (
            <p className="muted">Drag to move them together; Delete removes them; Ctrl+C / Ctrl+V copies them.</p>
          ) : (
            <>
              <TextField label="Flow name" value={doc.name} readOnly={readOnly} onCommit={(v) => (v.trim() ? (store.apply((d) => ({ ...d, name: v }), "flow:name"), null) : "Name the flow")} />
              <TextField label="Flow description" multiline value={doc.description} readOnly={readOnly} onCommit={(v) => (store.apply((d) => ({ ...d, description: v }), "flow:description"), null)} />
              <TextField label="Flow version" value={doc.version} readOnly={readOnly} hint="Used as info.version in exported AsyncAPI documents." onCommit={(v) => (v.trim() ? (store.apply((d) => ({ ...d, version: v }), "flow:version"), null) : "Enter a version, e.g. 1.0.0")} />
              <p className="muted small">Select a node or an edge to edit it.</p>
            </>
          )}
        </div>
      )}
    </aside>
  );
}

function Problems({ diagnostics }: { diagnostics: readonly Diagnostic[] }) {
  if (!diagnostics.length) return null;
  return (
    <ul className="node-problems">
      {diagnostics.map((d) => (
        <li key={d.id} className={d.severity}>
          <strong>{d.severity === "error" ? "Error" : "Warning"}:</strong> {d.message} <span className="muted">{d.fix}</span>
        </li>
      ))}
    </ul>
  );
}

function NodeProperties({ doc, node, store, diagnostics, readOnly, newId }: { doc: FlowDoc; node: FlowNode; store: EditorStore; diagnostics: readonly Diagnostic[]; readOnly: boolean; newId: () => string }) {
  const up = (field: string) => (value: unknown) => store.applyResult((d) => updateNode(d, node.id, { [field]: value }), `${node.id}:${field}`);
  const dlqs = doc.nodes.filter((n) => n.kind === "dlq");

  return (
    <div className="stack-sm">
      <div>
        <div className="muted small">{KIND_LABELS[node.kind]}</div>
        <h2>{node.name}</h2>
      </div>
      <Problems diagnostics={diagnostics} />
      <TextField label={isTopicLike(node) ? "Topic name" : "Name"} value={node.name} readOnly={readOnly} onCommit={(v) => store.applyResult((d) => renameNode(d, node.id, v), `${node.id}:name`)} />
      <TextField label="Description" multiline value={node.description} readOnly={readOnly} onCommit={up("description")} />
      <TextField label="Owner team" value={node.owner} readOnly={readOnly} onCommit={up("owner")} placeholder="team-orders" />

      {(node.kind === "producer" || node.kind === "transformer" || node.kind === "consumer") && (
        <fieldset>
          <legend>Application</legend>
          <TextField label="Application name" value={node.appName} readOnly={readOnly} onCommit={up("appName")} hint="service.name in traces; one AsyncAPI document per application." />
          <TextField label="Client id" value={node.clientId} readOnly={readOnly} onCommit={up("clientId")} />
        </fieldset>
      )}

      {isConsuming(node) && (
        <fieldset>
          <legend>Consuming</legend>
          <TextField label="Group id" value={node.groupId} readOnly={readOnly} onCommit={up("groupId")} />
          <NumberField label="Concurrency" value={node.concurrency} min={1} readOnly={readOnly} onCommit={up("concurrency")} />
          <NumberField label="Max attempts" value={node.retry.maxAttempts} min={1} readOnly={readOnly} onCommit={(v) => up("retry")({ ...node.retry, maxAttempts: v })} />
          <SelectField
            label="Backoff"
            value={node.retry.backoff}
            readOnly={readOnly}
            options={[
              { value: "exponential", label: "Exponential" },
              { value: "fixed", label: "Fixed" },
            ]}
            onCommit={(v) => up("retry")({ ...node.retry, backoff: v })}
          />
          <NumberField label="Initial delay (ms)" value={node.retry.initialDelayMs} min={0} readOnly={readOnly} onCommit={(v) => up("retry")({ ...node.retry, initialDelayMs: v })} />
          <NumberField label="Max delay (ms)" value={node.retry.maxDelayMs} min={0} readOnly={readOnly} onCommit={(v) => up("retry")({ ...node.retry, maxDelayMs: v })} />
          <SelectField
            label="Dead-letter queue"
            value={dlqTargetOf(doc, node.id) ?? ""}
            readOnly={readOnly}
            options={[{ value: "", label: "None" }, ...dlqs.map((d) => ({ value: d.id, label: d.name }))]}
            onCommit={(v) => store.applyResult((d) => setDlqTarget(d, node.id, v || null, newId()))}
          />
        </fieldset>
      )}

      {isTopicLike(node) && (
        <fieldset>
          <legend>Topic</legend>
          <NumberField label="Partitions" value={node.partitions} min={1} readOnly={readOnly} onCommit={up("partitions")} />
          <NumberField label="Replication factor" value={node.replicationFactor} min={1} readOnly={readOnly} onCommit={up("replicationFactor")} />
          <NumberField label="retention.ms" value={node.retentionMs} min={-1} readOnly={readOnly} onCommit={up("retentionMs")} hint="-1 keeps records forever." />
          <SelectField
            label="cleanup.policy"
            value={node.cleanupPolicy}
            readOnly={readOnly}
            options={[
              { value: "delete", label: "delete" },
              { value: "compact", label: "compact" },
            ]}
            onCommit={up("cleanupPolicy")}
          />
          <JsonSchemaEditor label="Key schema" value={node.keySchema} readOnly={readOnly} onChange={(v) => up("keySchema")(v)} />
        </fieldset>
      )}

      {isTopicLike(node) && <Messages node={node} readOnly={readOnly} commit={(messages) => up("messages")(messages)} />}

      {node.kind === "external" && <TextField label="System" value={node.system} readOnly={readOnly} onCommit={up("system")} placeholder="SAP, Stripe, …" />}

      {!readOnly && (
        <button type="button" className="danger" onClick={() => store.apply((d) => removeElements(d, { nodeIds: [node.id] }))}>
          Delete {KIND_LABELS[node.kind].toLowerCase()}
        </button>
      )}
    </div>
  );
}

function Messages({ node, readOnly, commit }: { node: Extract<FlowNode, { kind: "topic" | "dlq" }>; readOnly: boolean; commit: (m: MessageType[]) => string | null }) {
  const set = (i: number, patch: Partial<MessageType>) => commit(node.messages.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <fieldset>
      <legend>Message types</legend>
      {node.messages.map((m, i) => (
        <div key={i} className="message-type">
          <TextField label="Message name" value={m.name} readOnly={readOnly} onCommit={(v) => (v.trim() ? set(i, { name: v }) : "Name the message type")} />
          <TextField label="Content type" value={m.contentType} readOnly={readOnly} onCommit={(v) => (v.trim() ? set(i, { contentType: v }) : "Enter a content type")} />
          <TextField label="Schema version" value={m.schemaVersion} readOnly={readOnly} onCommit={(v) => (v.trim() ? set(i, { schemaVersion: v }) : "Enter a version")} />
          <CheckField label="CloudEvents 1.0 (ce_* headers)" value={m.cloudEvents} readOnly={readOnly} onCommit={(v) => set(i, { cloudEvents: v })} />
          {m.schemaFormat ? (
            <p className="muted small">Payload format {m.schemaFormat} (kept as imported).</p>
          ) : (
            <JsonSchemaEditor label={`Payload schema (${m.name})`} value={m.payload} readOnly={readOnly} onChange={(v) => set(i, { payload: v })} />
          )}
          <JsonSchemaEditor label={`Headers schema (${m.name})`} value={m.headers} readOnly={readOnly} onChange={(v) => set(i, { headers: v })} />
          {!readOnly && (
            <button type="button" onClick={() => commit(node.messages.filter((_, j) => j !== i))}>
              Remove {m.name}
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <button type="button" onClick={() => commit([...node.messages, { name: `Message${node.messages.length + 1}`, payload: { type: "object", properties: {} }, headers: { type: "object", properties: {} }, contentType: "application/json", schemaVersion: "1.0.0", cloudEvents: false }])}>
          Add message type
        </button>
      )}
    </fieldset>
  );
}

function EdgeProperties({ doc, edge, store, diagnostics, readOnly }: { doc: FlowDoc; edge: FlowEdge; store: EditorStore; diagnostics: readonly Diagnostic[]; readOnly: boolean }) {
  const s = doc.nodes.find((n) => n.id === edge.source);
  const t = doc.nodes.find((n) => n.id === edge.target);
  const topic = s && isTopicLike(s) ? s : t && isTopicLike(t) ? t : undefined;
  const canHaveSchema = edge.kind !== "deadLetters" && topic;
  return (
    <div className="stack-sm">
      <div>
        <div className="muted small">Connection</div>
        <h2>
          {s?.name} {EDGE_LABELS[edge.kind]} {t?.name}
        </h2>
      </div>
      <Problems diagnostics={diagnostics} />
      {canHaveSchema && (
        <>
          <SelectField
            label="Message"
            value={edge.message ?? ""}
            readOnly={readOnly}
            options={[{ value: "", label: "All message types" }, ...topic.messages.map((m) => ({ value: m.name, label: m.name }))]}
            onCommit={(v) => (store.apply((d) => updateEdge(d, edge.id, { message: v || undefined })), null)}
          />
          <CheckField
            label={edge.kind === "subscribes" ? "This consumer reads its own schema" : "This application writes its own schema"}
            value={!!edge.schema}
            readOnly={readOnly}
            onCommit={(on) => {
              const base = topic.messages.find((m) => m.name === edge.message) ?? topic.messages[0];
              store.apply((d) => updateEdge(d, edge.id, { schema: on ? (base?.payload ?? { type: "object" }) : undefined }));
              return null;
            }}
          />
          {edge.schema && (
            <JsonSchemaEditor label="Schema on this connection" value={edge.schema} readOnly={readOnly} onChange={(v) => store.apply((d) => updateEdge(d, edge.id, { schema: v }), `${edge.id}:schema`)} />
          )}
        </>
      )}
      {!readOnly && (
        <button type="button" className="danger" onClick={() => store.apply((d) => removeElements(d, { edgeIds: [edge.id] }))}>
          Delete connection
        </button>
      )}
    </div>
  );
}
