// Undo/redo for the flow document: a stack of whole documents. Documents share unchanged parts
// (operations are immutable), so each entry costs only what changed.

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** Consecutive edits with the same key (typing in one field) merge into one undo step. */
  lastKey: string | null;
  lastAt: number;
}

const LIMIT = 200;
const MERGE_MS = 1000;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null, lastAt: 0 };
}

export function push<T>(h: History<T>, next: T, key: string | null = null, now = Date.now()): History<T> {
  if (next === h.present) return h;
  if (key !== null && key === h.lastKey && now - h.lastAt < MERGE_MS) {
    return { ...h, present: next, future: [], lastAt: now };
  }
  const past = [...h.past, h.present];
  if (past.length > LIMIT) past.shift();
  return { past, present: next, future: [], lastKey: key, lastAt: now };
}

/** Replaces the present without an undo step (a node being dragged, before it is dropped). */
export function replace<T>(h: History<T>, next: T): History<T> {
  return next === h.present ? h : { ...h, present: next };
}

export function undo<T>(h: History<T>): History<T> {
  const prev = h.past[h.past.length - 1];
  if (prev === undefined) return h;
  return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future], lastKey: null, lastAt: 0 };
}

export function redo<T>(h: History<T>): History<T> {
  const [next, ...rest] = h.future;
  if (next === undefined) return h;
  return { past: [...h.past, h.present], present: next, future: rest, lastKey: null, lastAt: 0 };
}
