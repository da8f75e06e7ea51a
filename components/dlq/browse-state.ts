// What the DLQ browser knows of a read, folded from the events dlq.browse streams. Pure, so the
// hook that feeds it stays a few lines and the folding is tested on its own.
import type { BrowseEvent, PartitionProgress, RecordView, StopReason } from "@/server/observe/dlq";

export type BrowseStatus = "idle" | "reading" | "done" | "stopped" | "error";

export interface BrowseState {
  status: BrowseStatus;
  records: RecordView[];
  scanned: number;
  matched: number;
  partitions: PartitionProgress[];
  /** Set once the server said it finished. */
  done: { reason: StopReason; truncated: boolean } | null;
  error: string | null;
}

export type BrowseAction = { type: "start" } | { type: "event"; event: BrowseEvent } | { type: "stop" } | { type: "fail"; message: string };

export const idleBrowse: BrowseState = { status: "idle", records: [], scanned: 0, matched: 0, partitions: [], done: null, error: null };

const key = (r: RecordView) => `${r.partition}/${r.offset}`;

export function browseReducer(state: BrowseState, action: BrowseAction): BrowseState {
  switch (action.type) {
    case "start":
      return { ...idleBrowse, status: "reading" };
    case "stop":
      return state.status === "reading" ? { ...state, status: "stopped" } : state;
    case "fail":
      return state.status === "reading" ? { ...state, status: "error", error: action.message } : state;
    case "event":
      // Events after a stop (already in flight) are dropped: the person asked for no more.
      if (state.status !== "reading") return state;
      return onEvent(state, action.event);
  }
}

function onEvent(state: BrowseState, e: BrowseEvent): BrowseState {
  switch (e.type) {
    case "progress":
      // A read starts with nothing scanned. Seeing that again means the link reconnected and the
      // server started over: what came before would otherwise be listed twice.
      if (e.scanned === 0 && state.scanned > 0) return { ...state, records: [], scanned: 0, matched: 0, partitions: e.partitions };
      return { ...state, scanned: e.scanned, matched: e.matched, partitions: e.partitions };
    case "data": {
      const seen = new Set(state.records.map(key));
      const fresh = e.records.filter((r) => !seen.has(key(r)));
      return fresh.length ? { ...state, records: [...state.records, ...fresh] } : state;
    }
    case "done":
      return { ...state, status: "done", scanned: e.scanned, matched: e.matched, done: { reason: e.reason, truncated: e.truncated } };
    case "error":
      return { ...state, status: "error", error: e.message };
  }
}

const integer = new Intl.NumberFormat("en-US");
const plural = (n: number, one: string, many: string) => `${integer.format(n)} ${n === 1 ? one : many}`;

/** The line under the form: how the read is going, or how it ended. */
export function browseSummary(s: BrowseState, max: number): string {
  const counts = `${plural(s.matched, "record", "records")} matched of ${integer.format(s.scanned)} read`;
  switch (s.status) {
    case "idle":
      return "";
    case "reading":
      return `Reading… ${counts}.`;
    case "stopped":
      return `Stopped: ${counts}.`;
    case "error":
      return `The read failed after ${counts}.`;
    case "done": {
      const reason = s.done?.reason;
      if (s.done?.truncated) return `${counts}. Scan limit reached, there may be more: narrow the range or the filter.`;
      if (reason === "max") return `${counts}. Stopped at the maximum of ${integer.format(max)}; there may be more.`;
      if (reason === "aborted") return `Stopped: ${counts}.`;
      if (reason === "scan-limit") return `${counts}. Scan limit reached at the end of the range.`;
      return `${counts}. End of the range.`;
    }
  }
}
