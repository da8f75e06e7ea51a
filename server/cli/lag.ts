import { parseBrokers } from "../kafka/client";
import { describeKafkaError } from "../kafka/cluster-health";
import { snapshotCluster, timestampKey, type OffsetsSnapshot } from "../kafka/offsets";
import { evaluateGroup, evaluatePartition, pushCommit, type Commit, type GroupStatus, type LabelledPartitionEvaluation } from "../observe/burrow";
import { partitionLag, type PartitionLag } from "../observe/lag";
import { parseCommandArgs } from "./args";
import type { Io } from "./main";

const HELP = `Usage: flowlens lag --brokers HOST:PORT[,…] [--group G] [--json] [--fail-on err|warn]
                    [--samples N] [--interval SECONDS]

Prints consumer lag per group, topic and partition: in messages (log end − committed; "-" where the
group has never committed), in seconds (now − the timestamp of the next record the group will read),
and a status by Burrow's rules (OK, WARN, ERR, STOP, STALL, REWIND) over the samples taken.
One sample (the default) can only tell OK from NOTFOUND; --samples 5 --interval 2 watches for 8 s and
can see stalled, stopped, rewound and falling-behind consumers.

Exit codes: 0 fine, 1 a group matched --fail-on (err: ERR; warn: WARN or ERR), 2 bad arguments or
the cluster could not be reached.
`;

export interface LagReportPartition extends PartitionLag {
  status: string;
}
export interface LagReportGroup {
  group: string;
  state: string;
  members: number;
  status: GroupStatus;
  totalLag: number | null;
  maxTimeLagMs: number | null;
  partitions: LagReportPartition[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the report from successive snapshots (oldest first); the last one gives the current lag. */
export function lagReport(snapshots: { snapshot: OffsetsSnapshot; stamps: Map<string, number> }[]): LagReportGroup[] {
  const last = snapshots[snapshots.length - 1]!;
  const windowSize = snapshots.length;
  // Each snapshot indexed once: log ends by partition, committed offsets by group and partition.
  const indexed = snapshots.map(({ snapshot }) => ({
    atMs: snapshot.atMs,
    ends: new Map(snapshot.topics.flatMap((t) => t.partitions.map((p) => [timestampKey(t.topic, p.partition), p] as const))),
    committed: new Map(snapshot.groups.flatMap((g) => g.offsets.map((o) => [`${g.groupId}\u0000${timestampKey(o.topic, o.partition)}`, o.committed] as const))),
  }));
  const now = indexed[indexed.length - 1]!;
  return last.snapshot.groups.map((g) => {
    const evaluations: LabelledPartitionEvaluation[] = [];
    const partitions: LagReportPartition[] = [];
    for (const o of [...g.offsets].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)) {
      const key = timestampKey(o.topic, o.partition);
      const ends = now.ends.get(key);
      const stamp = o.committed === null ? undefined : last.stamps.get(`${key}@${o.committed}`);
      const lag = partitionLag(
        { topic: o.topic, partition: o.partition, end: ends?.end ?? 0, committed: o.committed, start: ends?.start },
        { nowMs: now.atMs, recordTimestampMs: stamp ?? null },
      );
      // The window: this partition's committed offset and lag at each sample.
      let window: Commit[] = [];
      for (const s of indexed) {
        const c = s.committed.get(`${g.groupId}\u0000${key}`);
        if (c === null || c === undefined) continue;
        window = pushCommit(window, { offset: c, lag: Math.max((s.ends.get(key)?.end ?? 0) - c, 0), timeMs: s.atMs }, { windowSize });
      }
      const evaluation = evaluatePartition({
        window,
        currentLag: lag.lag,
        nowMs: now.atMs,
        windowSize,
        recentEndOffsets: indexed.map((s) => s.ends.get(key)?.end ?? 0),
      });
      evaluations.push({ ...evaluation, topic: o.topic, partition: o.partition });
      partitions.push({ ...lag, status: evaluation.status });
    }
    const group = evaluateGroup(evaluations);
    const timeLags = partitions.map((p) => p.timeLagMs).filter((x): x is number => x !== null);
    return {
      group: g.groupId,
      state: g.state,
      members: g.members.length,
      status: group.status,
      totalLag: group.totalLag,
      maxTimeLagMs: timeLags.length ? Math.max(...timeLags) : null,
      partitions,
    };
  });
}

function seconds(ms: number | null): string {
  if (ms === null) return "-";
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(1)}s` : s < 3600 ? `${Math.round(s)}s` : `${(s / 3600).toFixed(1)}h`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i >= 2 && i <= 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n") + "\n";
}

export async function lagCommand(args: string[], io: Io): Promise<number> {
  const r = parseCommandArgs(
    "lag",
    args,
    {
      brokers: { type: "string" },
      group: { type: "string", multiple: false },
      json: { type: "boolean" },
      "fail-on": { type: "string" },
      samples: { type: "string", default: "1" },
      interval: { type: "string", default: "2" },
    },
    HELP,
    io,
  );
  if (!r.parsed) return r.exit;
  const v = r.parsed.values;
  const brokers = parseBrokers(String(v.brokers ?? process.env.KAFKA_BROKERS ?? ""));
  if (!brokers.length) {
    io.stderr.write(`flowlens lag: say which cluster with --brokers HOST:PORT (or set KAFKA_BROKERS)\n`);
    return 2;
  }
  const failOn = v["fail-on"] as string | undefined;
  if (failOn !== undefined && failOn !== "err" && failOn !== "warn") {
    io.stderr.write(`flowlens lag: --fail-on takes err or warn, not "${failOn}"\n`);
    return 2;
  }
  const samples = Number(v.samples);
  const interval = Number(v.interval);
  if (!Number.isInteger(samples) || samples < 1 || samples > 100 || !(interval > 0 && interval <= 600)) {
    io.stderr.write(`flowlens lag: --samples is 1–100 and --interval 0–600 seconds\n`);
    return 2;
  }
  const groups = typeof v.group === "string" ? [v.group] : undefined;
  const snapshots: Awaited<ReturnType<typeof snapshotCluster>>[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      if (i) await sleep(interval * 1000);
      // Record timestamps are only needed for the last sample, which gives the current time lag.
      snapshots.push(await snapshotCluster({ brokers, clientId: "flowlens-cli" }, { groups, timestamps: i === samples - 1 }));
    }
  } catch (e) {
    io.stderr.write(`flowlens lag: cannot read ${brokers.join(",")}: ${describeKafkaError(e)}\n`);
    return 2;
  }
  const report = lagReport(snapshots);
  // Kafka describes any group id asked for; one that is Dead with no offsets does not exist.
  if (groups && (!report.length || (report[0]!.state === "Dead" && !report[0]!.partitions.length))) {
    io.stderr.write(`flowlens lag: no consumer group "${groups[0]}" on ${brokers.join(",")}\n`);
    return 2;
  }
  if (v.json) {
    io.stdout.write(JSON.stringify({ brokers, atMs: snapshots[snapshots.length - 1]!.snapshot.atMs, samples, groups: report }, null, 2) + "\n");
  } else if (!report.length) {
    io.stdout.write(`No consumer groups on ${brokers.join(",")}.\n`);
  } else {
    for (const g of report) {
      io.stdout.write(
        `${g.group}  ${g.status}  state ${g.state}, ${g.members} member${g.members === 1 ? "" : "s"}, lag ${g.totalLag ?? "-"} messages, ${seconds(g.maxTimeLagMs)} behind\n`,
      );
      const rows = [["  TOPIC", "PARTITION", "END", "COMMITTED", "LAG", "TIME-LAG", "STATUS"]];
      for (const p of g.partitions) {
        rows.push([`  ${p.topic}`, String(p.partition), String(p.end), p.committed === null ? "-" : String(p.committed), p.lag === null ? "-" : String(p.lag), seconds(p.timeLagMs), p.status]);
      }
      io.stdout.write(table(rows));
    }
  }
  const failing = report.filter((g) => (failOn === "err" ? g.status === "ERR" : failOn === "warn" ? g.status === "ERR" || g.status === "WARN" : false));
  if (failing.length) {
    io.stderr.write(`flowlens lag: ${failing.map((g) => `${g.group} is ${g.status}`).join(", ")}\n`);
    return 1;
  }
  return 0;
}
