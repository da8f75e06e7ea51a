import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "../db/client";
import { asJson } from "../db/json";
import type { ClusterConfig } from "../kafka/client";
import {
  ACTIVE_STATUSES,
  readRedriveSource,
  redriveRunners,
  zeroCounters,
  type JobStore,
  type RedriveCounters,
  type RedriveJobState,
  type RedriveRunners,
  type RedriveStatus,
  type RunnerSettings,
  type SaveResult,
} from "../kafka/redrive";
import {
  DEFAULT_MAX_REDRIVES,
  initialProgress,
  isTerminal,
  planRanges,
  redriveProgress,
  type InFlightRange,
  type PartitionProgress,
  type RedriveProgress,
  type RedriveSelection,
  type RedriveTarget,
} from "../observe/redrive";
import { clusterConfig } from "./clusters";
import { assertDeadLetterTopic } from "./dlq";

// Redrive jobs: dead-lettered records sent back to their original topic, or a chosen one, by a
// runner in this process (server/kafka/redrive.ts). This file is the runner's JobStore, the checks
// before a job starts, and the audit log: one "dlq.redrive" entry when a job starts (who, what, how
// many) and one when it ends (the outcome and the counts).

export class RedriveError extends Error {
  constructor(
    message: string,
    readonly code: "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST",
  ) {
    super(message);
  }
}

export const MAX_RATE_PER_SECOND = 10_000;
export const MAX_CHOSEN_RECORDS = 10_000;
const CANCEL_WAIT_MS = 3000;

export interface StartRedriveInput {
  clusterId: string;
  /** Lets a designed DLQ of this (linked) flow be redriven whatever its name. */
  flowId?: string | null;
  sourceTopic: string;
  target: RedriveTarget;
  selection: RedriveSelection;
  ratePerSecond: number;
  maxRedrives?: number;
}

export interface RedriveView extends RedriveCounters {
  id: string;
  clusterId: string;
  flowId: string | null;
  sourceTopic: string;
  targetMode: RedriveTarget["mode"];
  targetTopic: string | null;
  /** The range as asked for; for chosen records, how many. */
  selection: SelectionSummary;
  ratePerSecond: number;
  maxRedrives: number;
  status: RedriveStatus;
  total: number;
  lastError: string | null;
  /** 0..1, for the progress bar. */
  fraction: number;
  etaMs: number | null;
  partitions: PartitionProgress[];
  /** Offsets being sent (or, on a failed or cancelled job, that may have been partly written). */
  inFlight: InFlightRange | null;
  createdById: string | null;
  cancelledById: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** How the service runs jobs; tests swap in their own runners, wrap the store, or shorten the give-up time. */
export interface RedriveRunOptions {
  runners?: RedriveRunners;
  wrapStore?: (store: JobStore) => JobStore;
  giveUpAfterMs?: number;
  backoff?: RunnerSettings["backoff"];
  clusterConfig?: (clusterId: string) => Promise<ClusterConfig>;
}

const notFound = () => new RedriveError("That redrive does not exist.", "NOT_FOUND");
const active = [...ACTIVE_STATUSES];

type Row = Prisma.RedriveJobGetPayload<object>;

function countersOf(row: Row): RedriveCounters {
  return {
    scanned: row.scanned,
    sent: row.sent,
    skippedLoop: row.skippedLoop,
    skippedNoTarget: row.skippedNoTarget,
    filteredOut: row.filteredOut,
    duplicates: row.duplicates,
  };
}

const targetOf = (row: Pick<Row, "targetMode" | "targetTopic">): RedriveTarget =>
  row.targetMode === "topic" ? { mode: "topic", topic: row.targetTopic ?? "" } : { mode: "original" };

function toView(row: Row, nowMs = Date.now()): RedriveView {
  const progress = row.progress as unknown as RedriveProgress;
  const p = redriveProgress({
    status: row.status,
    total: row.total,
    scanned: row.scanned,
    sent: row.sent,
    ratePerSecond: row.ratePerSecond,
    startedAtMs: row.startedAt?.getTime() ?? null,
    nowMs,
  });
  return {
    id: row.id,
    clusterId: row.clusterId,
    flowId: row.flowId,
    sourceTopic: row.sourceTopic,
    targetMode: targetOf(row).mode,
    targetTopic: row.targetTopic,
    selection: describeSelection(row.selection as unknown as RedriveSelection),
    ratePerSecond: row.ratePerSecond,
    maxRedrives: row.maxRedrives,
    status: row.status as RedriveStatus,
    total: row.total,
    ...countersOf(row),
    lastError: row.lastError,
    fraction: p.fraction,
    etaMs: p.etaMs,
    partitions: progress.partitions,
    inFlight: progress.inFlight,
    createdById: row.createdById,
    cancelledById: row.cancelledById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export type SelectionSummary = { kind: "records"; records: number } | Extract<RedriveSelection, { kind: "range" }>;

/** A job's selection without the list of chosen records. */
function describeSelection(s: RedriveSelection): SelectionSummary {
  return s.kind === "records" ? { kind: s.kind, records: s.records.length } : s;
}

function outcomeDetail(row: Row) {
  return {
    phase: row.status,
    sourceTopic: row.sourceTopic,
    target: row.targetMode === "topic" ? row.targetTopic : "original",
    total: row.total,
    ...countersOf(row),
    lastError: row.lastError,
    ...(row.cancelledById ? { cancelledById: row.cancelledById } : {}),
  };
}

/**
 * The audit entry of a job's outcome: added when it ends, or brought up to date when one is there
 * already (a cancel writes one at once; a runner elsewhere finishing its batch then has the final counts).
 */
async function recordOutcome(prisma: Db, jobId: string, extra: Record<string, unknown> = {}) {
  await prisma.$transaction(async (tx) => {
    // The job's row lock makes a cancel and a finishing runner write one entry between them, not two.
    await tx.$queryRaw`SELECT id FROM "redrive_job" WHERE id = ${jobId} FOR UPDATE`;
    const row = await tx.redriveJob.findUnique({ where: { id: jobId } });
    if (!row) return;
    const detail = asJson({ ...outcomeDetail(row), ...extra });
    const entries = await tx.auditLog.findMany({ where: { target: jobId, action: "dlq.redrive" }, select: { id: true, detail: true } });
    const ended = entries.find((e) => (e.detail as { phase?: unknown } | null)?.phase !== "started");
    if (ended) await tx.auditLog.update({ where: { id: ended.id }, data: { detail } });
    else await tx.auditLog.create({ data: { actorId: row.createdById, action: "dlq.redrive", target: jobId, detail } });
  });
}

// ---------------------------------------------------------------- the runner's store

/** The runner's view of the database. Every write after the claim holds only while this runner still has the job. */
export function prismaJobStore(prisma: Db): JobStore {
  const counters = (c: RedriveCounters) => ({ ...c });

  async function lostOrCancelled(jobId: string, runnerId: string): Promise<SaveResult> {
    const row = await prisma.redriveJob.findUnique({ where: { id: jobId }, select: { status: true, runnerId: true } });
    return row?.runnerId === runnerId && row.status === "cancelled" ? "cancelled" : "lost";
  }

  return {
    async claim(jobId, runnerId): Promise<RedriveJobState | null> {
      const row = await prisma.redriveJob.findUnique({ where: { id: jobId } });
      if (!row || !active.includes(row.status as (typeof active)[number])) return null;
      const { count } = await prisma.redriveJob.updateMany({
        where: { id: jobId, status: { in: active } },
        data: { runnerId, status: "running", startedAt: row.startedAt ?? new Date() },
      });
      if (!count) return null;
      return {
        id: row.id,
        clusterId: row.clusterId,
        sourceTopic: row.sourceTopic,
        target: targetOf(row),
        ratePerSecond: row.ratePerSecond,
        maxRedrives: row.maxRedrives,
        selection: row.selection as unknown as RedriveSelection,
        progress: row.progress as unknown as RedriveProgress,
        counters: countersOf(row),
      };
    },

    async save(jobId, runnerId, cp) {
      const { count } = await prisma.redriveJob.updateMany({
        where: { id: jobId, runnerId, status: { in: ["running", "retrying"] } },
        data: { status: cp.status, progress: asJson(cp.progress), ...counters(cp.counters), lastError: cp.lastError },
      });
      return count ? "ok" : lostOrCancelled(jobId, runnerId);
    },

    async finish(jobId, runnerId, outcome) {
      const { count } = await prisma.redriveJob.updateMany({
        where: { id: jobId, runnerId },
        data: {
          status: outcome.status,
          progress: asJson(outcome.progress),
          ...counters(outcome.counters),
          lastError: outcome.lastError,
          finishedAt: new Date(),
        },
      });
      if (count) await recordOutcome(prisma, jobId, { retries: outcome.retries });
    },
  };
}

function runnerSettings(prisma: Db, opts: RedriveRunOptions): RunnerSettings {
  return {
    clusterConfig: opts.clusterConfig ?? ((id) => clusterConfig(prisma, id)),
    giveUpAfterMs: opts.giveUpAfterMs,
    backoff: opts.backoff,
  };
}

function launch(prisma: Db, jobId: string, opts: RedriveRunOptions): boolean {
  const store = prismaJobStore(prisma);
  return (opts.runners ?? redriveRunners()).start(jobId, opts.wrapStore ? opts.wrapStore(store) : store, runnerSettings(prisma, opts));
}

// ---------------------------------------------------------------- use cases

/**
 * Checks and starts a redrive: the source must be a dead-letter queue on the cluster; a chosen
 * target topic must exist already (a redrive never creates topics, so a typo cannot create one)
 * and must not be the source. The selection is fixed now: a range ends at the topic's current end.
 */
export async function startRedrive(prisma: Db, actorId: string, input: StartRedriveInput, opts: RedriveRunOptions = {}): Promise<RedriveView> {
  const sourceTopic = input.sourceTopic.trim();
  // Only dead-letter queues are redriven: a designed DLQ of the (linked) flow, or a topic named like one.
  await assertDeadLetterTopic(prisma, { clusterId: input.clusterId, flowId: input.flowId, topic: sourceTopic }, "redriven");
  const target: RedriveTarget = input.target.mode === "topic" ? { mode: "topic", topic: input.target.topic.trim() } : { mode: "original" };
  if (target.mode === "topic" && target.topic === sourceTopic) throw new RedriveError("Choose a target other than the dead-letter topic itself.", "BAD_REQUEST");
  const cfg = await (opts.clusterConfig ?? ((id: string) => clusterConfig(prisma, id)))(input.clusterId);

  const sel = input.selection;
  let source;
  try {
    source = await readRedriveSource(cfg, sourceTopic, sel.kind === "range" ? { fromTimeMs: sel.fromTimeMs, toTimeMs: sel.toTimeMs } : {});
  } catch (e) {
    throw new RedriveError(`Cannot read the cluster: ${(e as Error).message}`, "BAD_REQUEST");
  }
  if (!source.bounds) throw new RedriveError(`Topic "${sourceTopic}" does not exist on this cluster.`, "BAD_REQUEST");
  if (target.mode === "topic" && !source.topics.includes(target.topic)) {
    throw new RedriveError(`Topic "${target.topic}" does not exist on this cluster. A redrive never creates topics: create it first.`, "BAD_REQUEST");
  }
  const plan = planRanges(sel, source.bounds, { from: source.fromTimeOffsets, to: source.toTimeOffsets });
  if (plan.problems.length) throw new RedriveError(plan.problems.slice(0, 5).join(" "), "BAD_REQUEST");
  if (plan.total === 0) throw new RedriveError("Nothing to redrive: the selection holds no records.", "BAD_REQUEST");

  const selection: RedriveSelection =
    sel.kind === "records"
      ? { kind: "records", records: [...new Map(sel.records.map((r) => [`${r.partition}/${r.offset}`, r])).values()].sort((a, b) => a.partition - b.partition || a.offset - b.offset) }
      : sel;
  const maxRedrives = input.maxRedrives ?? DEFAULT_MAX_REDRIVES;
  const row = await prisma.$transaction(async (tx) => {
    const job = await tx.redriveJob.create({
      data: {
        clusterId: input.clusterId,
        flowId: input.flowId ?? null,
        sourceTopic,
        targetMode: target.mode,
        targetTopic: target.mode === "topic" ? target.topic : null,
        selection: asJson(selection),
        ratePerSecond: input.ratePerSecond,
        maxRedrives,
        status: "queued",
        progress: asJson(initialProgress(plan.ranges)),
        total: plan.total,
        ...zeroCounters(),
        createdById: actorId,
      },
    });
    await tx.auditLog.create({
      data: {
        actorId,
        action: "dlq.redrive",
        target: job.id,
        detail: asJson({
          phase: "started",
          clusterId: input.clusterId,
          flowId: input.flowId ?? null,
          sourceTopic,
          target: target.mode === "topic" ? target.topic : "original",
          selection: describeSelection(selection),
          total: plan.total,
          ratePerSecond: input.ratePerSecond,
          maxRedrives,
        }),
      },
    });
    return job;
  });
  launch(prisma, row.id, opts);
  return toView(row);
}

export async function getRedrive(prisma: Db, id: string): Promise<RedriveView> {
  const row = await prisma.redriveJob.findUnique({ where: { id } });
  if (!row) throw notFound();
  return toView(row);
}

/** The newest redrives of a cluster or a flow (or of every cluster), newest first. */
export async function listRedrives(prisma: Db, filter: { clusterId?: string; flowId?: string; limit?: number } = {}): Promise<RedriveView[]> {
  const rows = await prisma.redriveJob.findMany({
    where: { ...(filter.clusterId ? { clusterId: filter.clusterId } : {}), ...(filter.flowId ? { flowId: filter.flowId } : {}) },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(filter.limit ?? 50, 1), 200),
  });
  const now = Date.now();
  return rows.map((r) => toView(r, now));
}

/**
 * Cancels a queued or running redrive. Its runner stops after the batch it is sending, so that the
 * counts stay exact, and writes the outcome to the audit log; when no runner has it here, the outcome
 * is written now.
 */
export async function cancelRedrive(prisma: Db, actorId: string, id: string, opts: Pick<RedriveRunOptions, "runners"> = {}): Promise<RedriveView> {
  const row = await prisma.redriveJob.findUnique({ where: { id } });
  if (!row) throw notFound();
  if (isTerminal(row.status)) throw new RedriveError(`That redrive has already ended (${row.status}).`, "CONFLICT");
  const { count } = await prisma.redriveJob.updateMany({
    where: { id, status: { in: active } },
    data: { status: "cancelled", cancelledById: actorId, finishedAt: new Date() },
  });
  if (!count) throw new RedriveError("That redrive has just ended.", "CONFLICT");
  await prisma.auditLog.create({ data: { actorId, action: "dlq.redrive.cancel", target: id, detail: { sourceTopic: row.sourceTopic } } });
  const runners = opts.runners ?? redriveRunners();
  // A runner here finishes its batch (a few seconds at most, unless the brokers are slow) and writes
  // the outcome itself; the view shows its final counts when it is that quick.
  const ended = runners.cancel(id) ? await Promise.race([runners.settled(id), sleep(CANCEL_WAIT_MS).then(() => "pending" as const)]) : null;
  if (ended === null) {
    // No runner finished it here (none had it, or it ended before taking it): the outcome is written now.
    await recordOutcome(prisma, id);
  }
  return getRedrive(prisma, id);
}

/**
 * Runs the jobs left queued, running or retrying (by a process that stopped or died), picking up
 * from their checkpoints. Called once at server start; returns the ids it started.
 */
export async function resumeRedriveJobs(prisma: Db, opts: RedriveRunOptions = {}): Promise<string[]> {
  const rows = await prisma.redriveJob.findMany({ where: { status: { in: active } }, select: { id: true }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => r.id).filter((id) => launch(prisma, id, opts));
}
