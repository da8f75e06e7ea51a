// What a node shows in Observe mode: one line of live figures, a tone for its colour, and the same
// in words for screen readers. Pure, so the canvas text can be tested without a cluster.
import type { NodeLive } from "@/server/observe/overlay";
import { formatDuration, formatLag, formatRate } from "../observe/format";
import { statusTone } from "../observe/status-badge";

export type LiveTone = "ok" | "warn" | "err" | "none";

export interface NodeLiveView {
  /** Shown on the node, in place of its subtitle. */
  line: string;
  tone: LiveTone;
  /** The status word, when the node has one. */
  status: string | null;
  /** The whole line in words. */
  label: string;
}

export function liveView(live: NodeLive | undefined, stale: boolean): NodeLiveView | undefined {
  if (!live) return undefined;
  const view = (v: NodeLiveView): NodeLiveView => (stale ? { ...v, tone: "none", label: `${v.label} (last known: the cluster is unreachable)` } : v);
  switch (live.kind) {
    case "group": {
      if (!live.found) return view({ line: "group not running", tone: "none", status: "NOTFOUND", label: `Consumer group ${live.groupId} not found on the cluster` });
      const seconds = formatDuration(live.maxTimeLagMs);
      const noCommit = live.partitionsWithoutCommit ? `, ${live.partitionsWithoutCommit} partition${live.partitionsWithoutCommit === 1 ? "" : "s"} without a commit` : "";
      return view({
        line: `${live.status} · lag ${formatLag(live.totalLag)} · ${seconds}`,
        tone: statusTone(live.status),
        status: live.status,
        label: `Status ${live.status}; lag ${formatLag(live.totalLag)} messages, ${seconds} behind; ${live.members} member${live.members === 1 ? "" : "s"}${noCommit}`,
      });
    }
    case "topic":
      if (!live.found) return view({ line: "topic not on cluster", tone: "warn", status: null, label: `Topic ${live.topic} does not exist on the cluster` });
      return view({ line: `${formatRate(live.rate)} · ${live.partitions} partitions`, tone: "none", status: null, label: `${formatRate(live.rate)} produced` });
    case "dlq": {
      if (!live.found) return view({ line: "DLQ not on cluster", tone: "none", status: null, label: `Dead-letter topic ${live.topic} does not exist on the cluster yet` });
      const arriving = (live.rate ?? 0) > 0;
      return view({
        line: `${formatLag(live.depth)} dead letters · ${arriving ? `+${formatRate(live.rate)}` : "none new"}`,
        tone: live.depth > 0 ? (arriving ? "err" : "warn") : "ok",
        status: null,
        label: `${formatLag(live.depth)} dead letters held; ${arriving ? `${formatRate(live.rate)} arriving` : "none arriving now"}`,
      });
    }
  }
}
