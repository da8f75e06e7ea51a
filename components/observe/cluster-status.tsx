"use client";
import { useEffect, useState } from "react";
import type { PollerStatus } from "@/server/kafka/poller";
import { formatClock, formatDuration } from "./format";

/** The current time, refreshed every `everyMs` (for "updated 3 s ago"). */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/**
 * How fresh the figures below are: connecting, unreachable (with the reason and the age of what is
 * shown), or a quiet "updated 3 s ago". `reconnecting` is the browser's own link to Flowlens.
 */
export function ClusterStatus({ status, reconnecting = false }: { status: PollerStatus | null | undefined; reconnecting?: boolean }) {
  const now = useNow(1000);
  if (!status) {
    return (
      <p role="status" className="banner notice-banner cluster-status">
        Connecting to the cluster…
      </p>
    );
  }
  if (status.state === "unreachable") {
    return (
      <p role="alert" className="banner error-banner cluster-status">
        Cluster unreachable since {formatClock(status.sinceMs)}: {status.error ?? "no answer from the brokers"}.{" "}
        {status.lastSuccessMs === null ? "No figures have been read yet." : `Showing figures from ${formatClock(status.lastSuccessMs)}.`} Retrying every{" "}
        {formatDuration(status.intervalMs)}.
      </p>
    );
  }
  if (status.state === "connecting") {
    return (
      <p role="status" className="banner notice-banner cluster-status">
        Connecting to the cluster…
      </p>
    );
  }
  return (
    <p className="muted small cluster-status">
      {reconnecting && <span role="status">Reconnecting to Flowlens… </span>}
      {status.lastSuccessMs === null
        ? `Polling every ${formatDuration(status.intervalMs)}`
        : `Updated ${formatDuration(Math.round(Math.max(now - status.lastSuccessMs, 0) / 1000) * 1000)} ago, every ${formatDuration(status.intervalMs)}`}
    </p>
  );
}
