"use client";
import Link from "next/link";
import type { FlowDoc } from "@/server/flow/model";
import type { ClusterLive } from "@/server/observe/monitor";
import type { FlowOverlay } from "@/server/observe/overlay";
import { formatDuration, formatLag, formatRate } from "../observe/format";
import { LagChart } from "../observe/lag-chart";
import { PartitionTable } from "../observe/partition-table";
import { StatusBadge } from "../observe/status-badge";
import { useGroupDetail } from "../observe/use-live";
import { TracePicker } from "./trace-picker";

interface Props {
  flowId: string;
  clusterId: string;
  doc: FlowDoc;
  selection: ReadonlySet<string>;
  overlay: FlowOverlay | null;
  live: ClusterLive | null;
  trace: { picked: string | null; onPick: (traceId: string | null) => void; unmatchedServices: string[] };
}

/** Observe mode's side panel: the selected node's live details, or the flow's summary. */
export function ObservePanel({ flowId, clusterId, doc, selection, overlay, live, trace }: Props) {
  const ids = [...selection];
  const node = ids.length === 1 ? doc.nodes.find((n) => n.id === ids[0]) : undefined;
  const nodeLive = node ? overlay?.nodes[node.id] : undefined;
  return (
    <aside className="properties observe-panel" aria-label="Live details">
      {!overlay ? (
        <p className="muted">Waiting for the first poll of the cluster…</p>
      ) : node && nodeLive?.kind === "group" ? (
        <>
          <h2>{node.name}</h2>
          <p className="muted small">
            Consumer group <code>{nodeLive.groupId}</code>
          </p>
          {nodeLive.found ? (
            <>
              <dl className="facts">
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={nodeLive.status} />
                </dd>
                <dt>Lag</dt>
                <dd>{formatLag(nodeLive.totalLag)} messages</dd>
                <dt>Behind by</dt>
                <dd>{formatDuration(nodeLive.maxTimeLagMs)}</dd>
                <dt>State</dt>
                <dd>
                  {nodeLive.state}, {nodeLive.members} member{nodeLive.members === 1 ? "" : "s"}
                </dd>
              </dl>
              <GroupPartitions clusterId={clusterId} groupId={nodeLive.groupId} />
              <Link href={`/observe/${clusterId}/groups/${encodeURIComponent(nodeLive.groupId)}`}>Open the group&apos;s page</Link>
            </>
          ) : (
            <p>The cluster has no consumer group with this id: the service has not started, or its offsets expired.</p>
          )}
        </>
      ) : node && nodeLive?.kind === "topic" ? (
        <>
          <h2>{node.name}</h2>
          {nodeLive.found ? (
            <>
              <p>{formatRate(nodeLive.rate)} produced over the last minute.</p>
              <TopicPartitions live={live} topic={nodeLive.topic} />
              <Readers overlay={overlay} topic={nodeLive.topic} />
            </>
          ) : (
            <p>This topic does not exist on the linked cluster.</p>
          )}
        </>
      ) : node && nodeLive?.kind === "dlq" ? (
        <>
          <h2>{node.name}</h2>
          {nodeLive.found ? (
            <>
              <dl className="facts">
                <dt>Dead letters held</dt>
                <dd>{formatLag(nodeLive.depth)}</dd>
                <dt>Arriving</dt>
                <dd>{formatRate(nodeLive.rate)}</dd>
              </dl>
              <Link className="button" href={`/flows/${flowId}/dlq?topic=${encodeURIComponent(nodeLive.topic)}`}>
                Browse dead letters
              </Link>
            </>
          ) : (
            <p>No record has been dead-lettered yet: the topic does not exist on the cluster.</p>
          )}
        </>
      ) : node ? (
        <>
          <h2>{node.name}</h2>
          <p className="muted">Nothing live to show for this node.</p>
        </>
      ) : (
        <>
          <h2>Live</h2>
          <p className="muted small">Select a consumer, transformer, topic or DLQ for its partitions and lag over time.</p>
          <Readers overlay={overlay} />
          <TracePicker doc={doc} picked={trace.picked} onPick={trace.onPick} />
          {trace.unmatchedServices.length > 0 && (
            <p className="muted small">Services in the trace that are not in the design: {trace.unmatchedServices.join(", ")}</p>
          )}
        </>
      )}
    </aside>
  );
}

function GroupPartitions({ clusterId, groupId }: { clusterId: string; groupId: string }) {
  const { data } = useGroupDetail(clusterId, groupId);
  return (
    <section aria-label="Partitions">
      <LagChart clusterId={clusterId} groupId={groupId} />
      {data?.group ? <PartitionTable partitions={data.group.partitions} caption={`Partitions of ${groupId}`} /> : <p className="muted small">Loading partitions…</p>}
    </section>
  );
}

function TopicPartitions({ live, topic }: { live: ClusterLive | null; topic: string }) {
  const t = live?.topics.find((x) => x.topic === topic);
  if (!t) return null;
  return (
    <table className="data compact">
      <caption className="muted small">Partitions</caption>
      <thead>
        <tr>
          <th scope="col">Partition</th>
          <th scope="col">Start</th>
          <th scope="col">End</th>
          <th scope="col">Produced</th>
        </tr>
      </thead>
      <tbody>
        {t.partitions.map((p) => (
          <tr key={p.partition}>
            <td>{p.partition}</td>
            <td>{p.start}</td>
            <td>{p.end}</td>
            <td>{formatRate(p.rate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Groups that read designed topics without being in the design: who else depends on this flow. */
function Readers({ overlay, topic }: { overlay: FlowOverlay; topic?: string }) {
  const groups = overlay.undesignedGroups.filter((g) => !topic || g.topics.includes(topic));
  if (!groups.length) return topic ? null : <p className="muted small">Every group reading this flow&apos;s topics is in the design.</p>;
  return (
    <section className="undesigned" aria-label="Groups not in the design">
      <h3>
        {groups.length} group{groups.length === 1 ? "" : "s"} not in the design
      </h3>
      <ul>
        {groups.map((g) => (
          <li key={g.groupId}>
            <code>{g.groupId}</code> reads {g.topics.join(", ")} · <StatusBadge status={g.status} /> · lag {formatLag(g.totalLag)}
          </li>
        ))}
      </ul>
    </section>
  );
}
