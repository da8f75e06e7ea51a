"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { isTerminal } from "@/server/observe/redrive";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";
import { formatTimestamp } from "./record-view";
import { RedriveProgress } from "./redrive-progress";
import { percent, STATUS_LABEL, targetLabel } from "./redrive-text";

const integer = new Intl.NumberFormat("en-US");
/** While a listed job runs, the list is fetched again this often. */
const ACTIVE_REFRESH_MS = 2000;

/** Recent redrives of the cluster (or of the flow), newest first, each with its progress a click away. */
export function RedriveJobs({ clusterId, flowId, canCancel }: { clusterId: string; flowId?: string; canCancel: boolean }) {
  const trpc = useTRPC();
  const [watched, setWatched] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.redrive.list.queryOptions({ clusterId, ...(flowId ? { flowId } : {}), limit: 20 }),
    refetchInterval: (q) => (q.state.data?.some((j) => !isTerminal(j.status)) ? ACTIVE_REFRESH_MS : false),
  });
  const jobs = list.data ?? [];

  return (
    <section className="stack-sm" aria-labelledby="redrives-heading">
      <div className="row between">
        <h2 id="redrives-heading">Redrives</h2>
        <button type="button" onClick={() => list.refetch()} disabled={list.isFetching}>
          Refresh
        </button>
      </div>
      <ErrorAlert error={list.error} />
      {list.isPending && <p className="muted">Loading redrives…</p>}
      {list.isSuccess && jobs.length === 0 && <p className="muted">No redrive yet{flowId ? " from this flow" : " on this cluster"}.</p>}
      {jobs.length > 0 && (
        <table className="table observe-table dlq-jobs">
          <caption className="visually-hidden">Redrives</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">From → to</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Done
              </th>
              <th scope="col" className="num">
                Sent
              </th>
              <th scope="col" className="num">
                Skipped (loop guard)
              </th>
              <th scope="col" className="num">
                Skipped (no original topic)
              </th>
              <th scope="col" className="num">
                Duplicates
              </th>
              <th scope="col">
                <span className="visually-hidden">Progress</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id} className={watched === j.id ? "selected" : undefined}>
                <td className="num">{formatTimestamp(j.createdAt.getTime())}</td>
                <td className="dlq-wrap">
                  {j.sourceTopic} → {targetLabel(j)}
                  <span className="muted small">
                    {" "}
                    ({j.selection.kind === "records" ? `${integer.format(j.selection.records)} chosen` : "filtered range"})
                  </span>
                </td>
                <td>{STATUS_LABEL[j.status]}</td>
                <td className="num">
                  {integer.format(j.scanned)} / {integer.format(j.total)} ({percent(j.fraction)}%)
                </td>
                <td className="num">{integer.format(j.sent)}</td>
                <td className="num">{integer.format(j.skippedLoop)}</td>
                <td className="num">{integer.format(j.skippedNoTarget)}</td>
                <td className="num">{integer.format(j.duplicates)}</td>
                <td>
                  <button type="button" aria-pressed={watched === j.id} onClick={() => setWatched(watched === j.id ? null : j.id)}>
                    {watched === j.id ? "Hide" : "Details"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {watched && jobs.some((j) => j.id === watched) && (
        <div className="card">
          <RedriveProgress key={watched} jobId={watched} canCancel={canCancel} />
        </div>
      )}
    </section>
  );
}
