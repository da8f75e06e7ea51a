"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";
import { ClusterStatus } from "./cluster-status";
import { formatDuration, formatLag } from "./format";
import { LagChart } from "./lag-chart";
import { PartitionTable, type PartitionKey } from "./partition-table";
import { StatusBadge } from "./status-badge";
import { useGroupDetail } from "./use-live";

/** One consumer group, live: who is in it, how far behind it is, per partition and over time. */
export function GroupDetail({ clusterId, groupId }: { clusterId: string; groupId: string }) {
  const trpc = useTRPC();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const clusterName = clusters.data?.find((c) => c.id === clusterId)?.name;
  const live = useGroupDetail(clusterId, groupId);
  const [selected, setSelected] = useState<PartitionKey | null>(null);
  const data = live.data;
  const group = data?.group ?? null;
  const selectedPartition = selected && group?.partitions.find((p) => p.topic === selected.topic && p.partition === selected.partition);

  return (
    <section className="stack observe">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link href={`/observe?cluster=${encodeURIComponent(clusterId)}`}>{clusterName ? `Observe: ${clusterName}` : "Observe"}</Link>
          </li>
          <li aria-current="page">{groupId}</li>
        </ol>
      </nav>
      <div className="page-head">
        <h1>
          <span className="muted small-head">Consumer group </span>
          {groupId}
        </h1>
        {group && <StatusBadge status={group.status} />}
      </div>
      <ErrorAlert error={live.error} />
      {!live.error && <ClusterStatus status={data?.status} reconnecting={live.connecting && !!data} />}

      {data && data.atMs !== null && !group && (
        <div className="empty">
          <h2>No such group</h2>
          <p className="muted">
            {clusterName ?? "This cluster"} has no consumer group named “{groupId}”. It may have been deleted, or not have committed an offset yet.
          </p>
          <p>
            <Link href={`/observe?cluster=${encodeURIComponent(clusterId)}`}>Back to the groups of {clusterName ?? "this cluster"}</Link>
          </p>
        </div>
      )}

      {group && (
        <>
          <dl className="card figures">
            <div>
              <dt>State</dt>
              <dd>{group.state}</dd>
            </div>
            <div>
              <dt>Total lag</dt>
              <dd>{group.totalLag === null ? "no commit" : `${formatLag(group.totalLag)} messages`}</dd>
            </div>
            <div>
              <dt>Max time lag</dt>
              <dd>{formatDuration(group.maxTimeLagMs)}</dd>
            </div>
            <div>
              <dt>Partitions</dt>
              <dd>
                {group.partitions.length}
                {group.partitionsWithoutCommit > 0 && ` (${group.partitionsWithoutCommit} without a commit)`}
              </dd>
            </div>
            <div>
              <dt>Members</dt>
              <dd>{group.members.length}</dd>
            </div>
          </dl>

          <section className="stack-sm" aria-labelledby="members-heading">
            <h2 id="members-heading">Members</h2>
            {group.members.length === 0 ? (
              <p className="muted">No consumer is connected to this group right now{group.state ? ` (state ${group.state})` : ""}.</p>
            ) : (
              <table className="table observe-table">
                <thead>
                  <tr>
                    <th scope="col">Client id</th>
                    <th scope="col">Host</th>
                    <th scope="col">Member id</th>
                  </tr>
                </thead>
                <tbody>
                  {group.members.map((m) => (
                    <tr key={m.memberId}>
                      <td>{m.clientId}</td>
                      <td>{m.host}</td>
                      <td>
                        <code>{m.memberId}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <LagChart clusterId={clusterId} groupId={groupId} title="Total lag" />

          <section className="stack-sm" aria-labelledby="partitions-heading">
            <h2 id="partitions-heading">Partitions</h2>
            <p className="muted small">Pick a partition number to chart its lag.</p>
            <PartitionTable partitions={group.partitions} selected={selected} onSelect={setSelected} caption={`Partitions of ${groupId}`} />
          </section>

          {selectedPartition && (
            <LagChart
              key={`${selectedPartition.topic}\u0000${selectedPartition.partition}`}
              clusterId={clusterId}
              groupId={groupId}
              topic={selectedPartition.topic}
              partition={selectedPartition.partition}
            />
          )}
        </>
      )}
    </section>
  );
}
