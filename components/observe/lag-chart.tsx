"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState, type RefObject } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";
import { formatDuration, formatLag } from "./format";
import { describeLag, rangeLabel, toLagColumns } from "./lag-series";

const RANGES = [
  { minutes: 60, label: "1 h" },
  { minutes: 360, label: "6 h" },
  { minutes: 1440, label: "24 h" },
] as const;
const HEIGHT = 220;
const REFRESH_MS = 60_000;

type TimeWindow = { fromSec: number; toSec: number };

/** A y range from 0 that still draws when every value is 0 or missing. */
const fromZero = (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, Number.isFinite(max) && max > 0 ? max * 1.1 : 1];

function chartOptions(width: number, range: RefObject<TimeWindow>): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    series: [
      {},
      {
        label: "Lag (messages)",
        scale: "messages",
        stroke: "#2453d6",
        width: 2,
        spanGaps: false,
        value: (_u, v) => (v === null || v === undefined ? "—" : formatLag(v)),
      },
      {
        label: "Time lag",
        scale: "seconds",
        stroke: "#b54708",
        width: 2,
        dash: [6, 4],
        spanGaps: false,
        value: (_u, v) => (v === null || v === undefined ? "—" : formatDuration(v * 1000)),
      },
    ],
    scales: {
      // The whole selected range, so a chart that has just started filling in says so.
      x: { time: true, range: () => [range.current.fromSec, range.current.toSec] },
      messages: { range: fromZero },
      seconds: { range: fromZero },
    },
    axes: [
      {},
      { scale: "messages", label: "messages", values: (_u, splits) => splits.map((v) => formatLag(v)) },
      { scale: "seconds", label: "time lag", side: 1, grid: { show: false }, values: (_u, splits) => splits.map((v) => formatDuration(v * 1000)) },
    ],
    cursor: { drag: { x: false, y: false } },
  };
}

/**
 * Lag of a group (its total) or of one of its partitions over the last hour, 6 h or 24 h: messages
 * on the left axis, time lag on the right. One point a minute; minutes nobody polled stay gaps.
 */
export function LagChart({
  clusterId,
  groupId,
  topic,
  partition,
  title,
}: {
  clusterId: string;
  groupId: string;
  topic?: string;
  partition?: number;
  title?: string;
}) {
  const trpc = useTRPC();
  const [minutes, setMinutes] = useState<number>(60);
  const history = useQuery(
    trpc.observe.lagHistory.queryOptions(
      topic === undefined || partition === undefined ? { clusterId, groupId, minutes } : { clusterId, groupId, topic, partition, minutes },
      { refetchInterval: REFRESH_MS, placeholderData: keepPreviousData },
    ),
  );
  const points = history.data?.points;
  const columns = useMemo(() => (history.data ? toLagColumns(history.data.points, history.data.bucketMs) : null), [history.data]);
  const updatedAt = history.dataUpdatedAt;
  const hasPoints = !!points?.length;

  const el = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const range = useRef<TimeWindow>({ fromSec: 0, toSec: 0 });

  // uPlot measures and draws on the DOM, so it exists only in effects (never on the server).
  useEffect(() => {
    const node = el.current;
    if (!node || !columns || columns[0].length === 0) return;
    range.current = { fromSec: (updatedAt - minutes * 60_000) / 1000, toSec: updatedAt / 1000 };
    if (plot.current) plot.current.setData(columns);
    else plot.current = new uPlot(chartOptions(node.clientWidth, range), columns, node);
  }, [columns, minutes, updatedAt]);

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const resize = new ResizeObserver(() => {
      if (node.clientWidth > 0) plot.current?.setSize({ width: node.clientWidth, height: HEIGHT });
    });
    resize.observe(node);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  const heading = title ?? (topic === undefined ? `Lag of ${groupId}` : `Lag of ${topic} partition ${partition}`);
  return (
    <section className="card lag-chart" aria-label={heading}>
      <div className="row between">
        <h2>{heading}</h2>
        <div role="group" aria-label="Chart range" className="row range-picker">
          {RANGES.map((r) => (
            <button key={r.minutes} type="button" aria-pressed={minutes === r.minutes} onClick={() => setMinutes(r.minutes)} title={`Show ${rangeLabel(r.minutes)}`}>
              {r.label}
            </button>
          ))}
        </div>
      </div>
      <ErrorAlert error={history.error} />
      {history.isPending && <p className="muted">Loading lag history…</p>}
      {history.isSuccess && !hasPoints && (
        <p className="muted chart-empty">No history yet: the chart fills in as the cluster is polled (one point a minute).</p>
      )}
      <div ref={el} className="lag-chart-plot" role="img" aria-label={points ? describeLag(points, minutes) : "Lag chart loading"} hidden={!hasPoints} />
    </section>
  );
}
