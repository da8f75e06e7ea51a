"use client";
import "@xyflow/react/dist/style.css";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnConnectEnd,
} from "@xyflow/react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useDeferredValue, useEffect, useMemo, useState, useSyncExternalStore, type FormEvent } from "react";
import { serializeFlow } from "@/server/flow/file-format";
import { layout } from "@/server/flow/layout";
import type { FlowDoc, NodeKind } from "@/server/flow/model";
import { addNode, connect, copySelection, createNode, edgeKindFor, moveNodes, paste, removeElements, type Clipboard } from "@/server/flow/operations";
import { validate, type Diagnostic } from "@/server/flow/validate";
import { flowOverlay } from "@/server/observe/overlay";
import { tracePath } from "@/server/observe/trace-overlay";
import { errorMessage } from "../error-message";
import { ClusterStatus } from "../observe/cluster-status";
import { formatDuration } from "../observe/format";
import { useFlowLive } from "../observe/use-live";
import { useTRPC } from "../trpc";
import { EditorStore } from "./editor-store";
import { nodeTypes } from "./nodes/flow-node";
import { liveView, type NodeLiveView } from "./live-view";
import { ObservePanel } from "./observe-panel";
import { DRAG_MIME, Palette } from "./palette";
import { ProblemsPanel } from "./problems-panel";
import { PropertiesPanel } from "./properties-panel";
import { createProjector, lintCounts, type CanvasEdge, type CanvasNode, type TraceLayer } from "./to-react-flow";
import { VersionsPanel } from "./versions-panel";

/** Ids that work in any browser context (crypto.randomUUID needs a secure origin). */
function newId(): string {
  return `n${Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

const EMPTY_DOC: FlowDoc = { schemaVersion: 2, name: "", description: "", version: "", nodes: [], edges: [] };
const FIT = { maxZoom: 1.25, padding: 0.15 };
// Large flows open at a readable zoom (centred) and draw only what is on screen; the whole
// graph at 1,000 nodes is unreadable anyway and costs seconds to draw. "Fit view" still shows all.
const LARGE = 300;
const FIT_LARGE = { ...FIT, minZoom: 0.5 };
const EDGE_DEFAULTS = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };

// One clipboard per browser tab, shared by every open flow, so nodes can be copied between flows.
let clipboard: Clipboard | null = null;

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));

type FlowRecord = { id: string; doc: FlowDoc; version: number; name: string; description: string; updatedAt: Date; clusterId: string | null };

export function FlowEditor({ flowId, canEdit, initial }: { flowId: string; canEdit: boolean; initial?: FlowRecord }) {
  const trpc = useTRPC();
  const [generation, setGeneration] = useState(0);
  const flow = useQuery({ ...trpc.flows.get.queryOptions({ id: flowId }), initialData: initial, staleTime: Infinity, gcTime: 0 });
  if (flow.isPending) return <p className="muted">Loading flow…</p>;
  if (flow.error) {
    return (
      <div className="empty">
        <h2>This flow could not be opened</h2>
        <p role="alert" className="error">
          {errorMessage(flow.error)}
        </p>
        <Link href="/flows">Back to flows</Link>
      </div>
    );
  }
  const reload = async () => {
    await flow.refetch();
    setGeneration((g) => g + 1);
  };
  return (
    <ReactFlowProvider>
      <Editor
        key={`${flow.data.id}:${generation}`}
        flowId={flowId}
        doc={flow.data.doc}
        version={flow.data.version}
        clusterId={flow.data.clusterId}
        canEdit={canEdit}
        reload={reload}
      />
    </ReactFlowProvider>
  );
}

type Mode = "design" | "observe";

function Editor({
  flowId,
  doc: initialDoc,
  version,
  clusterId: linkedCluster,
  canEdit,
  reload,
}: {
  flowId: string;
  doc: FlowDoc;
  version: number;
  clusterId: string | null;
  canEdit: boolean;
  reload: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rf = useReactFlow<CanvasNode, CanvasEdge>();
  const [store] = useState(() => new EditorStore(initialDoc, version));
  const state = useSyncExternalStore(store.subscribe, store.get, store.get);
  const doc = state.history.present;
  const [viewing, setViewing] = useState<{ version: number; doc: FlowDoc } | null>(null);
  const [showVersions, setShowVersions] = useState(false);
  const [project] = useState(createProjector);
  const shown = viewing?.doc ?? doc;
  const searchParams = useSearchParams();
  const [mode, setMode] = useState<Mode>(searchParams.get("mode") === "observe" ? "observe" : "design");
  const observing = mode === "observe";
  const [clusterId, setClusterId] = useState(linkedCluster);
  // Observe mode is for watching: the drawing cannot be changed by a stray drag meanwhile.
  const readOnly = !canEdit || !!viewing || observing;
  const large = shown.nodes.length > LARGE;
  const [minimap, setMinimap] = useState(!large);

  // Lint follows the document, but never holds up typing, dragging or the first paint.
  const linted = useDeferredValue(shown, EMPTY_DOC);
  const diagnostics = useMemo(() => validate(linted), [linted]);
  const counts = useMemo(() => lintCounts(diagnostics), [diagnostics]);

  // --- observe: the cluster's figures laid over the document being shown (unsaved edits included) ---
  const flowLive = useFlowLive(flowId, observing && !!clusterId);
  const liveData = flowLive.data?.live ?? null;
  const overlay = useMemo(() => (observing && liveData ? flowOverlay(shown, liveData) : null), [observing, liveData, shown]);
  const stale = flowLive.data?.status.state === "unreachable";
  const liveViews = useMemo(() => {
    if (!overlay) return undefined;
    const m = new Map<string, NodeLiveView>();
    for (const n of shown.nodes) {
      const v = liveView(overlay.nodes[n.id], stale);
      if (v) m.set(n.id, v);
    }
    return m;
  }, [overlay, shown.nodes, stale]);
  const switchMode = (next: Mode) => {
    setMode(next);
    const url = new URL(window.location.href);
    if (next === "observe") url.searchParams.set("mode", "observe");
    else url.searchParams.delete("mode");
    window.history.replaceState(null, "", url);
  };

  // --- observe: traces on the design (the picked trace's path, publish→consume latency on edges) ---
  const [pickedTrace, setPickedTrace] = useState<string | null>(null);
  const latencies = useQuery({ ...trpc.traces.flowLatencies.queryOptions({ flowId, minutes: 15 }), enabled: observing, refetchInterval: 30_000 });
  const picked = useQuery({ ...trpc.traces.get.queryOptions({ traceId: pickedTrace ?? "" }), enabled: observing && !!pickedTrace });
  const path = useMemo(() => (pickedTrace && picked.data ? tracePath(shown, picked.data.rows.map((r) => r.span)) : null), [pickedTrace, picked.data, shown]);
  const traceLayer = useMemo((): TraceLayer | undefined => {
    if (!observing) return undefined;
    const labels = new Map(Object.entries(latencies.data?.edges ?? {}).map(([id, l]) => [id, `p50 ${formatDuration(l.p50Ms)} · p95 ${formatDuration(l.p95Ms)}`]));
    return { nodes: new Set(path?.nodes ?? []), edges: new Set(path?.edges ?? []), errors: path?.errors ?? {}, labels, active: !!path };
  }, [observing, latencies.data, path]);

  const { nodes, edges } = useMemo(() => project(shown, state.selection, counts, liveViews, traceLayer), [project, shown, state.selection, counts, liveViews, traceLayer]);

  const router = useRouter();

  // --- saving ---
  const saveMutation = useMutation(trpc.flows.save.mutationOptions());
  const save = useCallback(async () => {
    if (!canEdit || !store.dirty || store.get().status.state === "saving") return;
    const sending = store.doc;
    store.saving();
    try {
      const r = await saveMutation.mutateAsync({ id: flowId, baseVersion: store.get().saved.version, doc: sending });
      store.savedAs(sending, r.version);
      void queryClient.invalidateQueries({ queryKey: trpc.flows.versions.queryKey({ id: flowId }) });
    } catch (e) {
      const conflict = (e as { data?: { code?: string } }).data?.code === "CONFLICT";
      store.failed({ state: conflict ? "conflict" : "error", message: errorMessage(e) });
    }
  }, [canEdit, store, saveMutation, flowId, queryClient, trpc]);

  // Autosave shortly after the last change (not while a conflict is unresolved).
  const statusState = state.status.state;
  useEffect(() => {
    if (!canEdit || doc === state.saved.doc || statusState === "conflict" || statusState === "saving") return;
    const t = setTimeout(() => void save(), 1200);
    return () => clearTimeout(t);
  }, [canEdit, doc, state.saved.doc, statusState, save]);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (store.dirty) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [store]);

  // --- canvas events: each becomes an operation on the document ---
  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const moves: Record<string, { x: number; y: number }> = {};
      let dragging = false;
      let selection: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === "position" && c.position) {
          moves[c.id] = c.position;
          dragging ||= !!c.dragging;
        } else if (c.type === "select") {
          selection ??= new Set(store.get().selection);
          if (c.selected) selection.add(c.id);
          else selection.delete(c.id);
        }
      }
      if (Object.keys(moves).length && !readOnly) {
        if (dragging) store.drag((d) => moveNodes(d, moves));
        else store.apply((d) => moveNodes(d, moves));
      }
      if (selection) store.select(selection);
    },
    [store, readOnly],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<CanvasEdge>[]) => {
      let selection: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === "select") {
          selection ??= new Set(store.get().selection);
          if (c.selected) selection.add(c.id);
          else selection.delete(c.id);
        }
      }
      if (selection) store.select(selection);
    },
    [store],
  );

  const onDelete = useCallback(
    ({ nodes: ns, edges: es }: { nodes: CanvasNode[]; edges: CanvasEdge[] }) => {
      store.apply((d) => removeElements(d, { nodeIds: ns.map((n) => n.id), edgeIds: es.map((e) => e.id) }));
      store.select([]);
    },
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const reason = store.applyResult((d) => connect(d, c.source, c.target, newId()));
      if (reason) store.notify(reason);
    },
    [store],
  );

  const isValidConnection = useCallback(
    (c: Connection | CanvasEdge) => {
      const s = store.doc.nodes.find((n) => n.id === c.source);
      const t = store.doc.nodes.find((n) => n.id === c.target);
      return !!s && !!t && "kind" in edgeKindFor(s, t);
    },
    [store],
  );

  // A connection dropped on a node it may not connect to: say why.
  const onConnectEnd: OnConnectEnd = useCallback(
    (_e, cs) => {
      if (cs.isValid !== false || !cs.fromNode || !cs.toNode) return;
      const s = store.doc.nodes.find((n) => n.id === (cs.fromHandle?.type === "target" ? cs.toNode!.id : cs.fromNode!.id));
      const t = store.doc.nodes.find((n) => n.id === (cs.fromHandle?.type === "target" ? cs.fromNode!.id : cs.toNode!.id));
      if (!s || !t) return;
      const r = edgeKindFor(s, t);
      if ("reason" in r) store.notify(r.reason);
    },
    [store],
  );

  const addAt = useCallback(
    (kind: NodeKind, center: { x: number; y: number }) => {
      const id = newId();
      store.apply((d) => addNode(d, createNode(d, kind, id, { x: Math.round(center.x - 100), y: Math.round(center.y - 36) })));
      store.select([id]);
    },
    [store],
  );

  const focusNode = useCallback(
    (id: string) => {
      const n = store.doc.nodes.find((x) => x.id === id);
      if (!n) return;
      store.select([id]);
      void rf.setCenter(n.position.x + 100, n.position.y + 36, { zoom: Math.max(rf.getZoom(), 1), duration: 250 });
    },
    [store, rf],
  );

  // --- keyboard: undo/redo, copy/paste, save ---
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || isTyping(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === "s") {
        e.preventDefault();
        void save();
      }
      if (readOnly) return;
      if (k === "z" && !e.shiftKey) store.undo();
      else if ((k === "z" && e.shiftKey) || k === "y") store.redo();
      else if (k === "c") {
        const ids = store.doc.nodes.filter((n) => store.get().selection.has(n.id)).map((n) => n.id);
        if (ids.length) clipboard = copySelection(store.doc, ids);
        return;
      } else if (k === "v" && clipboard) {
        const clip = clipboard;
        let pasted: string[] = [];
        store.apply((d) => {
          const r = paste(d, clip, newId);
          pasted = r.nodeIds;
          return r.doc;
        });
        store.select(pasted);
      } else return;
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [store, readOnly, save]);

  // --- toolbar actions ---
  const [find, setFind] = useState("");
  const suggestions = useMemo(() => {
    const q = find.trim().toLowerCase();
    return q ? shown.nodes.filter((n) => n.name.toLowerCase().includes(q)).slice(0, 20) : [];
  }, [find, shown.nodes]);
  const onFind = (e: FormEvent) => {
    e.preventDefault();
    const q = find.trim().toLowerCase();
    if (!q) return;
    const hit = shown.nodes.find((n) => n.name.toLowerCase() === q) ?? shown.nodes.find((n) => n.name.toLowerCase().includes(q));
    if (hit) focusNode(hit.id);
    else store.notify(`No node is named like “${find.trim()}”.`);
  };

  const download = () => {
    const blob = new Blob([serializeFlow(shown)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${shown.name.replace(/[^\w.-]+/g, "-").toLowerCase() || "flow"}.flow.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  const restore = useMutation(trpc.flows.restore.mutationOptions());
  const onRestore = async (v: number) => {
    if (store.dirty && !window.confirm("You have unsaved changes. Restoring discards them. Continue?")) return;
    try {
      await restore.mutateAsync({ id: flowId, version: v, baseVersion: store.get().saved.version });
      await reload();
    } catch (e) {
      store.notify(errorMessage(e));
    }
  };
  const onView = async (v: number | null) => {
    if (v === null) return setViewing(null);
    const r = await queryClient.fetchQuery(trpc.flows.version.queryOptions({ id: flowId, version: v }));
    setViewing(r);
  };

  const onDrop = (e: React.DragEvent) => {
    const kind = e.dataTransfer.getData(DRAG_MIME) as NodeKind;
    if (!kind || readOnly) return;
    e.preventDefault();
    addAt(kind, rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  const onPick = (d: Diagnostic) => (d.nodeId ? focusNode(d.nodeId) : d.edgeId && store.select([d.edgeId]));
  const status = state.status;
  const dirty = doc !== state.saved.doc;

  return (
    <div className="designer">
      <div className="designer-toolbar" role="toolbar" aria-label="Flow tools">
        <Link href="/flows" className="muted">
          ← Flows
        </Link>
        <h1 className="designer-title">{shown.name}</h1>
        <div role="group" aria-label="Mode" className="segmented">
          <button type="button" aria-pressed={!observing} onClick={() => switchMode("design")}>
            Design
          </button>
          <button type="button" aria-pressed={observing} onClick={() => switchMode("observe")}>
            Observe
          </button>
        </div>
        {!readOnly && (
          <>
            <button type="button" onClick={() => store.undo()} disabled={!state.history.past.length} title="Ctrl+Z">
              Undo
            </button>
            <button type="button" onClick={() => store.redo()} disabled={!state.history.future.length} title="Ctrl+Shift+Z">
              Redo
            </button>
            <button
              type="button"
              onClick={() => {
                store.apply((d) => moveNodes(d, layout(d)));
                requestAnimationFrame(() => void rf.fitView({ ...FIT, duration: 250 }));
              }}
            >
              Auto-layout
            </button>
          </>
        )}
        <button type="button" onClick={() => void rf.fitView({ ...FIT, duration: 250 })}>
          Fit view
        </button>
        <form onSubmit={onFind} role="search" className="find">
          <input aria-label="Find a node" placeholder="Find a node" list="node-names" value={find} onChange={(e) => setFind(e.target.value)} />
          {/* Suggestions only once something is typed, and at most 20: a flow may have thousands of nodes. */}
          <datalist id="node-names">
            {suggestions.map((n) => (
              <option key={n.id} value={n.name} />
            ))}
          </datalist>
        </form>
        <button type="button" onClick={() => setMinimap((m) => !m)} aria-pressed={minimap}>
          Minimap
        </button>
        <button type="button" onClick={() => setShowVersions((v) => !v)} aria-expanded={showVersions}>
          History
        </button>
        <button type="button" onClick={download}>
          Download .flow.json
        </button>
        <Link
          href={`/flows/${flowId}/spec`}
          className="button"
          onClick={async (e) => {
            // The spec is made from the saved flow: save pending edits first, and stay if that fails.
            if (!canEdit || !store.dirty) return;
            e.preventDefault();
            await save();
            if (!store.dirty) router.push(`/flows/${flowId}/spec`);
          }}
        >
          AsyncAPI &amp; stubs
        </Link>
        {canEdit && (
          <button type="button" className="primary" onClick={() => void save()} disabled={!dirty || status.state === "saving" || !!viewing} title="Ctrl+S">
            Save
          </button>
        )}
        <span role="status" className="save-status">
          {viewing
            ? `Viewing version ${viewing.version} (read only)`
            : !canEdit
              ? `Read only · v${state.saved.version}`
              : status.state === "saving"
                ? "Saving…"
                : status.state === "error"
                  ? "Not saved"
                  : dirty
                    ? "Unsaved changes"
                    : `Saved · v${state.saved.version}`}
        </span>
      </div>
      {status.state === "conflict" && (
        <div className="banner error-banner" role="alert">
          <span>{status.message}</span>
          <button type="button" onClick={download}>
            Download my version
          </button>
          <button type="button" className="primary" onClick={() => void reload()}>
            Reload
          </button>
        </div>
      )}
      {status.state === "error" && (
        <div className="banner error-banner" role="alert">
          <span>Could not save: {status.message}</span>
          <button type="button" onClick={() => void save()}>
            Retry
          </button>
        </div>
      )}
      {state.notice && (
        <div className="banner notice-banner" role="alert">
          <span>{state.notice}</span>
          <button type="button" onClick={() => store.notify(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {observing && !clusterId && <LinkCluster flowId={flowId} canEdit={canEdit} onLinked={setClusterId} />}
      {observing && clusterId && flowLive.data && <ClusterStatus status={flowLive.data.status} />}
      {observing && clusterId && flowLive.error && (
        <div className="banner error-banner" role="alert">
          <span>Live figures unavailable: {errorMessage(flowLive.error)}</span>
        </div>
      )}
      <div className="designer-body">
        {!readOnly && <Palette onAdd={(kind) => addAt(kind, rf.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 }))} />}
        <div className="canvas" onDragOver={(e) => e.dataTransfer.types.includes(DRAG_MIME) && (e.preventDefault(), (e.dataTransfer.dropEffect = "move"))} onDrop={onDrop}>
          <ReactFlow<CanvasNode, CanvasEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onNodeDragStop={() => store.endDrag()}
            onSelectionDragStop={() => store.endDrag()}
            onDelete={onDelete}
            onConnect={onConnect}
            onConnectEnd={onConnectEnd}
            isValidConnection={isValidConnection}
            nodesDraggable={!readOnly}
            nodesConnectable={!readOnly}
            deleteKeyCode={readOnly ? null : ["Backspace", "Delete"]}
            multiSelectionKeyCode={["Shift", "Meta", "Control"]}
            fitView={initialDoc.nodes.length > 0}
            fitViewOptions={large ? FIT_LARGE : FIT}
            onlyRenderVisibleElements={large}
            defaultEdgeOptions={EDGE_DEFAULTS}
            minZoom={0.05}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={24} />
            {minimap && <MiniMap pannable zoomable ariaLabel="Minimap" />}
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
        {observing && clusterId ? (
          <ObservePanel
            flowId={flowId}
            clusterId={clusterId}
            doc={shown}
            selection={state.selection}
            overlay={overlay}
            live={liveData}
            trace={{ picked: pickedTrace, onPick: setPickedTrace, unmatchedServices: path?.unmatchedServices ?? [] }}
          />
        ) : showVersions ? (
          <VersionsPanel flowId={flowId} current={state.saved.version} viewing={viewing?.version ?? null} canEdit={canEdit} onView={(v) => void onView(v)} onRestore={(v) => void onRestore(v)} onClose={() => { setShowVersions(false); setViewing(null); }} />
        ) : (
          <PropertiesPanel doc={shown} store={store} selection={state.selection} diagnostics={diagnostics} readOnly={readOnly} newId={newId} />
        )}
      </div>
      <ProblemsPanel diagnostics={diagnostics} onPick={onPick} />
    </div>
  );
}

/** Observe mode on a flow with no cluster: editors pick one here; others are told who can. */
function LinkCluster({ flowId, canEdit, onLinked }: { flowId: string; canEdit: boolean; onLinked: (id: string) => void }) {
  const trpc = useTRPC();
  const clusters = useQuery({ ...trpc.clusters.list.queryOptions(), enabled: canEdit });
  const link = useMutation(trpc.flows.linkCluster.mutationOptions());
  const [choice, setChoice] = useState("");
  if (!canEdit) {
    return (
      <div className="banner notice-banner" role="status">
        <span>This flow is not linked to a Kafka cluster yet. An editor can link one to watch it live.</span>
      </div>
    );
  }
  const list = clusters.data ?? [];
  return (
    <form
      className="banner notice-banner"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!choice) return;
        await link.mutateAsync({ flowId, clusterId: choice });
        onLinked(choice);
      }}
    >
      {list.length ? (
        <>
          <label htmlFor="link-cluster">Link this flow to a cluster to watch it live:</label>
          <select id="link-cluster" value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">Choose a cluster…</option>
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button type="submit" className="primary" disabled={!choice || link.isPending}>
            Link cluster
          </button>
        </>
      ) : (
        <span>
          No Kafka cluster is connected yet. An admin adds one under <Link href="/settings/clusters">Settings → Clusters</Link>.
        </span>
      )}
      {link.error && (
        <span role="alert" className="error">
          {errorMessage(link.error)}
        </span>
      )}
    </form>
  );
}
