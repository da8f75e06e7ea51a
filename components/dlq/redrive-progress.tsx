"use client";
import { useMutation } from "@tanstack/react-query";
import { isTerminal } from "@/server/observe/redrive";
import { ErrorAlert } from "../error-alert";
import { formatDuration } from "../observe/format";
import { useTRPC } from "../trpc";
import { percent, redriveOutcome, targetLabel } from "./redrive-text";
import { useRedriveWatch } from "./use-dlq";

const integer = new Intl.NumberFormat("en-US");

/** One redrive as it runs: a progress bar fed by redrive.watch, its counts, and Cancel for editors. */
export function RedriveProgress({ jobId, canCancel }: { jobId: string; canCancel: boolean }) {
  const trpc = useTRPC();
  const { job, error, connecting } = useRedriveWatch(jobId);
  const cancel = useMutation(trpc.redrive.cancel.mutationOptions());

  if (!job) {
    return (
      <div className="stack-sm">
        <ErrorAlert error={error} />
        {!error && <p className="muted">{connecting ? "Connecting to the redrive…" : "Loading the redrive…"}</p>}
      </div>
    );
  }
  const pct = percent(job.fraction);
  const ended = isTerminal(job.status);
  return (
    <section className="stack-sm dlq-progress-panel" aria-label="Redrive progress">
      <p className="small">
        <strong>{job.sourceTopic}</strong> → {targetLabel(job)}, at most {integer.format(job.ratePerSecond)} records/s
      </p>
      <div
        role="progressbar"
        aria-label="Redrive progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${pct}%: ${integer.format(job.scanned)} of ${integer.format(job.total)} records`}
        className={`dlq-progress status-${job.status}`}
      >
        <div className="dlq-progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <p role="status" className={job.status === "failed" ? "error" : undefined}>
        {redriveOutcome(job)} ({pct}%{job.etaMs !== null && !ended ? `, about ${formatDuration(job.etaMs)} left` : ""})
      </p>
      <dl className="figures dlq-figures">
        <div>
          <dt>Records</dt>
          <dd>
            {integer.format(job.scanned)} / {integer.format(job.total)}
          </dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd>{integer.format(job.sent)}</dd>
        </div>
        <div>
          <dt title="Already redriven as many times as allowed">Skipped (loop guard)</dt>
          <dd>{integer.format(job.skippedLoop)}</dd>
        </div>
        <div>
          <dt>Skipped (no original topic)</dt>
          <dd>{integer.format(job.skippedNoTarget)}</dd>
        </div>
        {job.selection.kind === "range" && (
          <div>
            <dt>Not matching the filter</dt>
            <dd>{integer.format(job.filteredOut)}</dd>
          </div>
        )}
        <div>
          <dt title="Sent again after an unconfirmed send: they may have arrived twice">Duplicates</dt>
          <dd>{integer.format(job.duplicates)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{job.status}</dd>
        </div>
      </dl>
      {job.lastError && (
        <p className="error dlq-wrap">
          Last error: <span>{job.lastError}</span>
        </p>
      )}
      {job.duplicates > 0 && (
        <p className="muted small">Redrive is at least once: records sent again after a send that was not confirmed may have arrived twice.</p>
      )}
      <ErrorAlert error={error} />
      <ErrorAlert error={cancel.error} />
      {canCancel && !ended && (
        <p>
          <button type="button" className="danger" disabled={cancel.isPending || job.status === "cancelled"} onClick={() => cancel.mutate({ id: job.id })}>
            {cancel.isPending ? "Cancelling…" : "Cancel redrive"}
          </button>
        </p>
      )}
    </section>
  );
}
