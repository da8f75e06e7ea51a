"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import type { GroupSummary } from "@/server/services/live";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";
import { ClusterStatus } from "./cluster-status";
import { formatDuration, formatLag, formatRate } from "./format";
import { filterGroups, firstDirection, noFilter, parseBound, sortGroups, type GroupFilter, type GroupSort, type SortKey, type StatusFilter } from "./groups-view";
import { StatusBadge } from "./status-badge";
import { useClusterOverview } from "./use-live";

export const groupHref = (clusterId: string, groupId: string) => `/observe/${encodeURIComponent(clusterId)}/groups/${encodeURIComponent(groupId)}`;

const STATUS_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: "any", label: "Any" },
  { value: "notOk", label: "Not OK" },
  { value: "OK", label: "OK" },
  { value: "WARN", label: "WARN" },
  { value: "ERR", label: "ERR" },
  { value: "NOTFOUND", label: "NOTFOUND" },
];

/** The groups list of one cluster, picked from the clusters Flowlens knows and kept in `?cluster=`. */
export function GroupsOverview({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const list = clusters.data ?? [];
  const asked = params.get("cluster");
  const clusterId = asked ?? (list.length === 1 ? list[0]!.id : null);
  const cluster = list.find((c) => c.id === clusterId);
  const known = !!cluster;

  function pick(id: string) {
    router.replace(id ? `${pathname}?cluster=${encodeURIComponent(id)}` : pathname, { scroll: false });
  }

  return (
    <section className="stack observe">
      <div className="page-head">
        <h1>Observe</h1>
        {list.length > 0 && (
          <label className="inline-label">
            Cluster
            <select value={known ? clusterId! : ""} onChange={(e) => pick(e.target.value)}>
              {!known && <option value="">Choose a cluster…</option>}
              {list.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {known && <Link href={`/observe/${encodeURIComponent(cluster.id)}/dlq`}>Dead letters</Link>}
      </div>
      <ErrorAlert error={clusters.error} />
      {clusters.isPending && <p className="muted">Loading clusters…</p>}
      {clusters.isSuccess && list.length === 0 && (
        <div className="empty">
          <h2>No cluster connected</h2>
          <p className="muted">
            {isAdmin ? (
              <>
                Add your Kafka cluster in <Link href="/settings/clusters">Settings → Clusters</Link>; its consumer groups, lag and throughput
                appear here.
              </>
            ) : (
              "Live lag, group health and throughput appear here once an admin connects a Kafka cluster."
            )}
          </p>
        </div>
      )}
      {clusters.isSuccess && list.length > 0 && !known && (
        <p className="muted">{asked ? "That cluster does not exist (it may have been deleted). Choose another one." : "Choose a cluster to see its consumer groups."}</p>
      )}
      {known && <ClusterGroups key={cluster.id} clusterId={cluster.id} />}
    </section>
  );
}

function SortHeader({ label, sortKey, sort, onSort, numeric = false }: { label: string; sortKey: SortKey; sort: GroupSort; onSort: (k: SortKey) => void; numeric?: boolean }) {
  const active = sort.key === sortKey;
  return (
    <th scope="col" className={numeric ? "num" : undefined} aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className="sort" onClick={() => onSort(sortKey)}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (sort.direction === "asc" ? " ▲" : " ▼") : " ↕"}
        </span>
      </button>
    </th>
  );
}

function ClusterGroups({ clusterId }: { clusterId: string }) {
  const overview = useClusterOverview(clusterId);
  const [filter, setFilter] = useState<GroupFilter>(noFilter);
  const [minLagText, setMinLagText] = useState("");
  const [minTimeLagText, setMinTimeLagText] = useState("");
  const [sort, setSort] = useState<GroupSort>({ key: "status", direction: "desc" });
  const data = overview.data;
  const groups = useMemo(() => data?.groups ?? [], [data]);
  const shown = useMemo(() => sortGroups(filterGroups(groups, filter), sort), [groups, filter, sort]);
  const filtered = filter.text !== "" || filter.status !== "any" || filter.minLag !== null || filter.minTimeLagSeconds !== null;

  function onSort(key: SortKey) {
    setSort((s) => (s.key === key ? { key, direction: s.direction === "asc" ? "desc" : "asc" } : { key, direction: firstDirection[key] }));
  }
  function clearFilters() {
    setFilter(noFilter);
    setMinLagText("");
    setMinTimeLagText("");
  }

  return (
    <>
      <ErrorAlert error={overview.error} />
      {!overview.error && <ClusterStatus status={data?.status} reconnecting={overview.connecting && !!data} />}
      {data && data.atMs !== null && groups.length === 0 && (
        <div className="empty">
          <h2>No consumer groups</h2>
          <p className="muted">This cluster has no consumer groups yet. They appear here as soon as a consumer commits an offset.</p>
        </div>
      )}
      {groups.length > 0 && (
        <section className="stack-sm" aria-labelledby="groups-heading">
          <h2 id="groups-heading">Consumer groups</h2>
          <div role="search" aria-label="Filter groups" className="row wrap filters">
            <label>
              Group or topic contains
              <input type="search" value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} placeholder="e.g. orders" />
            </label>
            <label>
              Status
              <select value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as StatusFilter })}>
                {STATUS_OPTIONS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Lag at least (messages)
              <input
                type="number"
                min={0}
                inputMode="numeric"
                value={minLagText}
                onChange={(e) => {
                  setMinLagText(e.target.value);
                  setFilter({ ...filter, minLag: parseBound(e.target.value) });
                }}
              />
            </label>
            <label>
              Time lag at least (seconds)
              <input
                type="number"
                min={0}
                inputMode="decimal"
                value={minTimeLagText}
                onChange={(e) => {
                  setMinTimeLagText(e.target.value);
                  setFilter({ ...filter, minTimeLagSeconds: parseBound(e.target.value) });
                }}
              />
            </label>
            {filtered && (
              <button type="button" onClick={clearFilters}>
                Clear filters
              </button>
            )}
          </div>
          <p className="muted small">
            {filtered ? `${shown.length} of ${groups.length} groups match.` : `${groups.length} group${groups.length === 1 ? "" : "s"}.`}
          </p>
          {shown.length === 0 ? (
            <p className="muted">No group matches these filters.</p>
          ) : (
            <GroupsTable clusterId={clusterId} groups={shown} sort={sort} onSort={onSort} />
          )}
        </section>
      )}
      {data && data.topics.length > 0 && <TopicsTable topics={data.topics} />}
    </>
  );
}

function GroupsTable({ clusterId, groups, sort, onSort }: { clusterId: string; groups: GroupSummary[]; sort: GroupSort; onSort: (k: SortKey) => void }) {
  return (
    <table className="table observe-table">
      <caption className="visually-hidden">Consumer groups</caption>
      <thead>
        <tr>
          <SortHeader label="Group" sortKey="group" sort={sort} onSort={onSort} />
          <SortHeader label="Status" sortKey="status" sort={sort} onSort={onSort} />
          <th scope="col">State</th>
          <th scope="col" className="num">
            Members
          </th>
          <SortHeader label="Lag" sortKey="lag" sort={sort} onSort={onSort} numeric />
          <SortHeader label="Time lag" sortKey="timeLag" sort={sort} onSort={onSort} numeric />
          <th scope="col" className="num">
            Partitions
          </th>
          <th scope="col">Topics</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.groupId}>
            <th scope="row" className="row-head">
              <Link href={groupHref(clusterId, g.groupId)}>{g.groupId}</Link>
            </th>
            <td>
              <StatusBadge status={g.status} />
              {g.complete < 1 && g.status !== "NOTFOUND" && (
                <span className="muted small" title="Fewer polls than the evaluation window: STALL and WARN cannot be told yet.">
                  {" "}
                  learning
                </span>
              )}
            </td>
            <td>{g.state}</td>
            <td className="num">{g.members}</td>
            <td className="num" title={g.totalLag === null ? "No committed offset" : undefined}>
              {formatLag(g.totalLag)}
            </td>
            <td className="num">{formatDuration(g.maxTimeLagMs)}</td>
            <td className="num">
              {g.partitions}
              {g.partitionsWithoutCommit > 0 && <span className="muted small"> ({g.partitionsWithoutCommit} no commit)</span>}
            </td>
            <td>{g.topics.join(", ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TopicsTable({ topics }: { topics: { topic: string; rate: number | null; partitions: number; depth: number }[] }) {
  return (
    <section className="stack-sm" aria-labelledby="topics-heading">
      <h2 id="topics-heading">Topics</h2>
      <table className="table observe-table">
        <caption className="visually-hidden">Topics</caption>
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col" className="num">
              Produced
            </th>
            <th scope="col" className="num">
              Partitions
            </th>
            <th scope="col" className="num" title="Records the topic holds now (log end − log start); a dead-letter queue's depth">
              Records held
            </th>
          </tr>
        </thead>
        <tbody>
          {topics.map((t) => (
            <tr key={t.topic}>
              <th scope="row" className="row-head">
                {t.topic}
              </th>
              <td className="num">{formatRate(t.rate)}</td>
              <td className="num">{t.partitions}</td>
              <td className="num">{formatLag(t.depth)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
