// The designer's state: the flow document with undo history, the selection, and the save status.
// A tiny external store (read with useSyncExternalStore) so key handlers and autosave read the
// current state synchronously. Every change to the document goes through an operation.
import type { FlowDoc } from "@/server/flow/model";
import type { OpResult } from "@/server/flow/operations";
import { createHistory, push, redo, replace, undo, type History } from "./history";

export type SaveStatus =
  | { state: "saved" }
  | { state: "saving" }
  | { state: "error"; message: string }
  | { state: "conflict"; message: string };

export interface EditorState {
  history: History<FlowDoc>;
  selection: ReadonlySet<string>;
  /** The document as last saved, and its version: the base of the next save. */
  saved: { doc: FlowDoc; version: number };
  status: SaveStatus;
  /** A message for the person, e.g. why a connection was refused. */
  notice: string | null;
}

export class EditorStore {
  private state: EditorState;
  private listeners = new Set<() => void>();
  private dragBase: FlowDoc | null = null;

  constructor(doc: FlowDoc, version: number) {
    this.state = { history: createHistory(doc), selection: new Set(), saved: { doc, version }, status: { state: "saved" }, notice: null };
  }

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  get = () => this.state;
  get doc() {
    return this.state.history.present;
  }
  get dirty() {
    return this.state.history.present !== this.state.saved.doc;
  }

  private set(patch: Partial<EditorState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** Applies an edit as one undo step (edits with the same key in quick succession merge). */
  apply(fn: (doc: FlowDoc) => FlowDoc, key: string | null = null) {
    this.set({ history: push(this.state.history, fn(this.doc), key), notice: null });
  }

  /** Applies an operation that may refuse; returns the reason when it does. */
  applyResult(fn: (doc: FlowDoc) => OpResult, key: string | null = null): string | null {
    const r = fn(this.doc);
    if (!r.ok) return r.reason;
    this.apply(() => r.doc, key);
    return null;
  }

  /** While dragging: move without undo steps; endDrag records the whole drag as one. */
  drag(fn: (doc: FlowDoc) => FlowDoc) {
    this.dragBase ??= this.doc;
    this.set({ history: replace(this.state.history, fn(this.doc)) });
  }
  endDrag() {
    const base = this.dragBase;
    this.dragBase = null;
    if (!base || base === this.doc) return;
    const h = this.state.history;
    this.set({ history: { ...h, past: [...h.past, base], future: [], lastKey: null, lastAt: 0 } });
  }

  undo() {
    this.set({ history: undo(this.state.history), notice: null });
  }
  redo() {
    this.set({ history: redo(this.state.history), notice: null });
  }
  select(ids: Iterable<string>) {
    const next = new Set(ids);
    const cur = this.state.selection;
    if (next.size === cur.size && [...next].every((id) => cur.has(id))) return;
    this.set({ selection: next });
  }
  notify(notice: string | null) {
    this.set({ notice });
  }
  saving() {
    this.set({ status: { state: "saving" } });
  }
  savedAs(doc: FlowDoc, version: number) {
    this.set({ saved: { doc, version }, status: { state: "saved" } });
  }
  failed(status: Extract<SaveStatus, { state: "error" | "conflict" }>) {
    this.set({ status });
  }
}
