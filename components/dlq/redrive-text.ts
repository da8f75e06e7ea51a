// How a redrive reads on screen: its target, its outcome in one line, and where the selected
// records would go. Pure.
import type { DeadLetterInfo } from "@/server/observe/dlq";

/** The fields of a redrive job (server/services/redrive.ts RedriveView) this file reads. */
export interface RedriveFigures {
  status: "queued" | "running" | "retrying" | "done" | "failed" | "cancelled";
  targetMode: "original" | "topic";
  targetTopic: string | null;
  total: number;
  scanned: number;
  sent: number;
  skippedLoop: number;
  skippedNoTarget: number;
  filteredOut: number;
  duplicates: number;
}

const integer = new Intl.NumberFormat("en-US");
const n = (x: number) => integer.format(x);

export const STATUS_LABEL: Record<RedriveFigures["status"], string> = {
  queued: "queued",
  running: "running",
  retrying: "retrying (the brokers refused a send)",
  done: "done",
  failed: "failed",
  cancelled: "cancelled",
};

export const targetLabel = (j: Pick<RedriveFigures, "targetMode" | "targetTopic">) =>
  j.targetMode === "topic" ? (j.targetTopic ?? "?") : "original topics (x-original-topic)";

/** "done: 2 sent, 1 skipped (loop guard), 0 duplicates". Only the skips and filters that happened are named. */
export function redriveOutcome(j: RedriveFigures): string {
  const parts = [`${n(j.sent)} sent`];
  if (j.skippedLoop) parts.push(`${n(j.skippedLoop)} skipped (loop guard)`);
  if (j.skippedNoTarget) parts.push(`${n(j.skippedNoTarget)} skipped (no original topic)`);
  if (j.filteredOut) parts.push(`${n(j.filteredOut)} not matching the filter`);
  parts.push(`${n(j.duplicates)} ${j.duplicates === 1 ? "duplicate" : "duplicates"}`);
  return `${STATUS_LABEL[j.status]}: ${parts.join(", ")}`;
}

/** Percent done for the progress bar, whole. */
export const percent = (fraction: number) => Math.round(Math.min(1, Math.max(0, fraction)) * 100);

export interface SelectedTargets {
  /** Original topics of the selected records, each once, sorted. */
  topics: string[];
  /** Selected records that do not say where they came from. */
  withoutOriginal: number;
  /** Selected records already redriven `maxRedrives` times or more: the loop guard will refuse them. */
  atLimit: number;
}

/** Where "back to the original topic" would send the selected records, as far as their headers tell. */
export function selectedTargets(records: readonly { deadLetter: DeadLetterInfo | null }[], maxRedrives: number): SelectedTargets {
  const topics = new Set<string>();
  let withoutOriginal = 0;
  let atLimit = 0;
  for (const r of records) {
    const t = r.deadLetter?.originalTopic?.trim();
    if (t) topics.add(t);
    else withoutOriginal++;
    if ((r.deadLetter?.redriveCount ?? 0) >= maxRedrives) atLimit++;
  }
  return { topics: [...topics].sort(), withoutOriginal, atLimit };
}
