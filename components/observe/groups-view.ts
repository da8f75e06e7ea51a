// The groups list's filters and sort orders: pure, so what a filter keeps is tested without a browser.
import { severityOrder, type GroupStatus } from "@/server/observe/burrow";

/** The fields of a group row that filters and sorts read (a subset of GroupSummary). */
export interface GroupRow {
  groupId: string;
  status: GroupStatus;
  totalLag: number | null;
  maxTimeLagMs: number | null;
  topics: string[];
}

export type StatusFilter = "any" | "notOk" | GroupStatus;

export interface GroupFilter {
  /** Kept when the group id or one of its topics contains this (case-insensitive, plain text). */
  text: string;
  status: StatusFilter;
  /** Messages; null = no bound. Groups without a commit (no lag) never pass a bound. */
  minLag: number | null;
  /** Seconds; null = no bound. */
  minTimeLagSeconds: number | null;
}

export const noFilter: GroupFilter = { text: "", status: "any", minLag: null, minTimeLagSeconds: null };

export type SortKey = "group" | "status" | "lag" | "timeLag";
export type SortDirection = "asc" | "desc";
export interface GroupSort {
  key: SortKey;
  direction: SortDirection;
}

/** The first click on a column sorts the way people look at it: worst first for figures, A→Z for names. */
export const firstDirection: Readonly<Record<SortKey, SortDirection>> = { group: "asc", status: "desc", lag: "desc", timeLag: "desc" };

export function filterGroups<G extends GroupRow>(groups: readonly G[], f: GroupFilter): G[] {
  const text = f.text.trim().toLowerCase();
  return groups.filter((g) => {
    if (text && !g.groupId.toLowerCase().includes(text) && !g.topics.some((t) => t.toLowerCase().includes(text))) return false;
    if (f.status === "notOk" ? g.status === "OK" : f.status !== "any" && g.status !== f.status) return false;
    if (f.minLag !== null && (g.totalLag === null || g.totalLag < f.minLag)) return false;
    if (f.minTimeLagSeconds !== null && (g.maxTimeLagMs === null || g.maxTimeLagMs < f.minTimeLagSeconds * 1000)) return false;
    return true;
  });
}

const byName = (a: GroupRow, b: GroupRow) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0);

/** Unknown figures (no commit, not measured) sort last in either direction; ties go by group id. */
function byNullable(a: number | null, b: number | null, sign: number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return (a - b) * sign;
}

export function sortGroups<G extends GroupRow>(groups: readonly G[], s: GroupSort): G[] {
  const sign = s.direction === "asc" ? 1 : -1;
  const compare = (a: G, b: G): number => {
    switch (s.key) {
      case "group":
        return byName(a, b) * sign;
      case "status":
        return (severityOrder[a.status] - severityOrder[b.status]) * sign || byName(a, b);
      case "lag":
        return byNullable(a.totalLag, b.totalLag, sign) || byName(a, b);
      case "timeLag":
        return byNullable(a.maxTimeLagMs, b.maxTimeLagMs, sign) || byName(a, b);
    }
  };
  return [...groups].sort(compare);
}

/** A number typed in a filter box, or null when the box is blank or not a number ≥ 0. */
export function parseBound(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? n : null;
}
