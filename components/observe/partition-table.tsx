"use client";
import type { LivePartition } from "@/server/observe/monitor";
import { formatDuration, formatLag, formatRate } from "./format";
import { StatusBadge } from "./status-badge";

export interface PartitionKey {
  topic: string;
  partition: number;
}

const BEHIND_LOG_START =
  "The committed offset points at records retention already deleted: the consumer will jump to the log start or end, by its auto.offset.reset.";
const INTERPOLATED = "Estimated from how fast the log end moved; the timestamp of the record the group sits at has not been read yet.";

function TimeLag({ p }: { p: LivePartition }) {
  if (p.timeLagMs === null) {
    return p.committed === null ? <>—</> : <span title="Not known yet: wait for a few polls.">—</span>;
  }
  if (p.timeLagSource === "interpolated") {
    return (
      <span title={INTERPOLATED}>
        ≈ {formatDuration(p.timeLagMs)}
        <span className="visually-hidden"> (estimated)</span>
      </span>
    );
  }
  return <>{formatDuration(p.timeLagMs)}</>;
}

/**
 * Every partition a group reads: its log, where the group is, how far behind (in messages and
 * time) and how fast it moves. With `onSelect`, each partition can be picked (for its lag chart).
 */
export function PartitionTable({
  partitions,
  selected = null,
  onSelect,
  caption = "Partitions",
}: {
  partitions: readonly LivePartition[];
  selected?: PartitionKey | null;
  onSelect?: (p: PartitionKey | null) => void;
  caption?: string;
}) {
  if (!partitions.length) return <p className="muted">This group has no committed offsets on any partition.</p>;
  return (
    <table className="table observe-table partition-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Topic</th>
          <th scope="col">Partition</th>
          <th scope="col" className="num">Log start</th>
          <th scope="col" className="num">Log end</th>
          <th scope="col" className="num">Committed</th>
          <th scope="col" className="num">Lag</th>
          <th scope="col" className="num">Time lag</th>
          <th scope="col" className="num">Consumed</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {partitions.map((p) => {
          const isSelected = selected?.topic === p.topic && selected.partition === p.partition;
          const toggle = () => onSelect?.(isSelected ? null : { topic: p.topic, partition: p.partition });
          return (
            <tr key={`${p.topic}\u0000${p.partition}`} className={isSelected ? "selected" : onSelect ? "selectable" : undefined} onClick={onSelect ? toggle : undefined}>
              <td>{p.topic}</td>
              <td>
                {onSelect ? (
                  <button
                    type="button"
                    className="link"
                    aria-pressed={isSelected}
                    aria-label={`Lag chart of ${p.topic} partition ${p.partition}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      toggle();
                    }}
                  >
                    {p.partition}
                  </button>
                ) : (
                  p.partition
                )}
              </td>
              <td className="num">{formatLag(p.start)}</td>
              <td className="num">{formatLag(p.end)}</td>
              <td className="num">
                {p.committed === null ? <em className="muted">no commit</em> : formatLag(p.committed)}
                {p.behindLogStart && (
                  <span className="behind-marker" title={BEHIND_LOG_START}>
                    {" "}
                    ⚠ behind log start
                  </span>
                )}
              </td>
              <td className="num">{formatLag(p.lag)}</td>
              <td className="num">
                <TimeLag p={p} />
              </td>
              <td className="num">{formatRate(p.consumeRate)}</td>
              <td>
                <StatusBadge status={p.status} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
