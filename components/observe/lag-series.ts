// From lag history (one bucket a minute, minutes without a poll absent) to what the chart draws and
// what a screen reader hears. Pure.
import { formatDuration, formatLag } from "./format";

export interface LagPointView {
  timeMs: number;
  maxLag: number | null;
  lastLag: number | null;
  maxTimeLagMs: number | null;
  samples: number;
}

/** uPlot's columns: x in Unix seconds, lag in messages, time lag in seconds. Null draws nothing. */
export type LagColumns = [x: number[], lag: (number | null)[], timeLagSeconds: (number | null)[]];

/**
 * Columns for the chart. A minute nobody polled gets a null point right after the last sample, so
 * uPlot breaks the line there instead of drawing a slope across the gap.
 */
export function toLagColumns(points: readonly LagPointView[], bucketMs: number): LagColumns {
  const x: number[] = [];
  const lag: (number | null)[] = [];
  const timeLag: (number | null)[] = [];
  points.forEach((p, i) => {
    x.push(p.timeMs / 1000);
    lag.push(p.maxLag);
    timeLag.push(p.maxTimeLagMs === null ? null : p.maxTimeLagMs / 1000);
    const next = points[i + 1];
    if (next && next.timeMs - p.timeMs > bucketMs) {
      x.push((p.timeMs + bucketMs) / 1000);
      lag.push(null);
      timeLag.push(null);
    }
  });
  return [x, lag, timeLag];
}

/** "the last hour", "the last 6 hours", "the last 90 minutes". */
export function rangeLabel(minutes: number): string {
  if (minutes === 60) return "the last hour";
  if (minutes % 60 === 0) return `the last ${minutes / 60} hours`;
  return `the last ${minutes} minutes`;
}

/** The chart in one sentence: "Lag over the last hour: now 1,234 messages, 2 min behind; peak 5,000 messages". */
export function describeLag(points: readonly LagPointView[], minutes: number): string {
  const head = `Lag over ${rangeLabel(minutes)}`;
  const last = points[points.length - 1];
  if (!last) return `${head}: no history yet`;
  const now =
    last.lastLag === null
      ? "now no committed offset"
      : `now ${formatLag(last.lastLag)} message${last.lastLag === 1 ? "" : "s"}${last.maxTimeLagMs === null ? "" : `, ${formatDuration(last.maxTimeLagMs)} behind`}`;
  const lags = points.map((p) => p.maxLag).filter((l): l is number => l !== null);
  const peak = lags.length ? `; peak ${formatLag(Math.max(...lags))} message${Math.max(...lags) === 1 ? "" : "s"}` : "";
  return `${head}: ${now}${peak}`;
}
