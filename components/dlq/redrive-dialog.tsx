"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { RecordView } from "@/server/observe/dlq";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";
import { describeRange, parseWholeNumber, REDRIVE_LIMITS, type RangeSelection } from "./dlq-form";
import { RedriveProgress } from "./redrive-progress";
import { selectedTargets } from "./redrive-text";

export type RedriveRequest = { kind: "records"; records: RecordView[] } | { kind: "range"; selection: RangeSelection; matchedByRead: number | null };

const integer = new Intl.NumberFormat("en-US");
const records = (n: number) => `${integer.format(n)} ${n === 1 ? "record" : "records"}`;

/**
 * Confirms a redrive (where to, how fast, the loop guard), starts it, then follows it with a
 * progress bar until it ends. Closing the dialog leaves the job running; it stays in "Redrives".
 */
export function RedriveDialog({
  clusterId,
  flowId,
  sourceTopic,
  request,
  onClose,
}: {
  clusterId: string;
  flowId?: string;
  sourceTopic: string;
  request: RedriveRequest;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [mode, setMode] = useState<"original" | "topic">("original");
  const [targetTopic, setTargetTopic] = useState("");
  const [rate, setRate] = useState(String(REDRIVE_LIMITS.defaultRate));
  const [maxRedrives, setMaxRedrives] = useState(String(REDRIVE_LIMITS.defaultMaxRedrives));
  const [errors, setErrors] = useState<{ topic?: string; rate?: string; maxRedrives?: string }>({});
  const start = useMutation(
    trpc.redrive.start.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.redrive.list.queryKey() }),
    }),
  );
  const job = start.data;

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const maxN = parseWholeNumber(maxRedrives);
  const targets = request.kind === "records" ? selectedTargets(request.records, maxN ?? REDRIVE_LIMITS.defaultMaxRedrives) : null;
  const what = request.kind === "records" ? records(request.records.length) : "All records matching the filter";
  const to = mode === "topic" ? targetTopic.trim() || "…" : targets ? (targets.topics.length ? targets.topics.join(", ") : "their original topics") : "their original topics";

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (start.isPending || job) return;
    const next: typeof errors = {};
    const r = parseWholeNumber(rate);
    if (r === null || r < 1 || r > REDRIVE_LIMITS.maxRate) next.rate = `Between 1 and ${integer.format(REDRIVE_LIMITS.maxRate)} records a second.`;
    if (maxN === null || maxN < 1 || maxN > REDRIVE_LIMITS.maxMaxRedrives) next.maxRedrives = `Between 1 and ${REDRIVE_LIMITS.maxMaxRedrives}.`;
    const topic = targetTopic.trim();
    if (mode === "topic" && !topic) next.topic = "Name the topic to send to.";
    else if (mode === "topic" && topic === sourceTopic) next.topic = "Choose a topic other than the dead-letter topic itself.";
    setErrors(next);
    if (Object.keys(next).length) return;
    start.mutate({
      clusterId,
      ...(flowId ? { flowId } : {}),
      sourceTopic,
      target: mode === "topic" ? { mode: "topic", topic } : { mode: "original" },
      selection: request.kind === "records" ? { kind: "records", records: request.records.map((x) => ({ partition: x.partition, offset: x.offset })) } : request.selection,
      ratePerSecond: r!,
      maxRedrives: maxN!,
    });
  }

  const invalid = (field: keyof typeof errors) => (errors[field] ? { "aria-invalid": true as const, "aria-describedby": `${ids}-${field}-error` } : {});
  const fieldError = (field: keyof typeof errors) =>
    errors[field] ? (
      <span id={`${ids}-${field}-error`} className="error small">
        {errors[field]}
      </span>
    ) : null;

  return (
    <dialog ref={dialog} className="import-dialog dlq-dialog" aria-labelledby={`${ids}-title`} onClose={onClose}>
      <div className="stack">
        <h2 id={`${ids}-title`}>Redrive</h2>
        {job ? (
          <>
            <RedriveProgress jobId={job.id} canCancel />
            <div className="row">
              <button type="button" onClick={() => dialog.current?.close()}>
                Close
              </button>
            </div>
          </>
        ) : (
          <form className="stack" onSubmit={onSubmit} noValidate>
            <fieldset className="dlq-fieldset">
              <legend>Send to</legend>
              <label className="check">
                <input type="radio" name="target" checked={mode === "original"} onChange={() => setMode("original")} />
                The original topic (from each record&apos;s x-original-topic header)
              </label>
              <label className="check">
                <input type="radio" name="target" checked={mode === "topic"} onChange={() => setMode("topic")} />
                Another topic
              </label>
              {mode === "topic" && (
                <label>
                  Target topic
                  <input value={targetTopic} onChange={(e) => setTargetTopic(e.target.value)} maxLength={249} spellCheck={false} autoComplete="off" {...invalid("topic")} />
                  {fieldError("topic")}
                </label>
              )}
            </fieldset>
            <div className="row wrap">
              <label>
                Rate (records/s)
                <input type="number" min={1} max={REDRIVE_LIMITS.maxRate} inputMode="numeric" value={rate} onChange={(e) => setRate(e.target.value)} {...invalid("rate")} />
                {fieldError("rate")}
              </label>
              <label>
                Max redrive count
                <input
                  type="number"
                  min={1}
                  max={REDRIVE_LIMITS.maxMaxRedrives}
                  inputMode="numeric"
                  value={maxRedrives}
                  onChange={(e) => setMaxRedrives(e.target.value)}
                  {...invalid("maxRedrives")}
                />
                {fieldError("maxRedrives")}
              </label>
            </div>
            <p className="muted small">
              Records already redriven this many times are refused (the x-flowlens-redrive-count header), so a record that keeps failing cannot loop. Redrive is at
              least once: a send that is not confirmed is sent again, and such possible duplicates are counted.
            </p>
            <div className="card dlq-summary" aria-label="Redrive summary">
              <p>
                <strong>{what}</strong> from <strong>{sourceTopic}</strong> → <strong>{to}</strong>
              </p>
              {request.kind === "range" && (
                <p className="muted small">
                  {describeRange(request.selection)}; up to the topic&apos;s end now.
                  {request.matchedByRead !== null && ` The last read matched ${records(request.matchedByRead)}, within its limits.`}
                </p>
              )}
              {targets && mode === "original" && targets.withoutOriginal > 0 && (
                <p className="small">{records(targets.withoutOriginal)} without an x-original-topic header will be skipped.</p>
              )}
              {targets && targets.atLimit > 0 && <p className="small">{records(targets.atLimit)} already redriven {maxN} times will be refused by the loop guard.</p>}
            </div>
            <ErrorAlert error={start.error} />
            <div className="row">
              <button type="submit" className="primary" disabled={start.isPending}>
                {start.isPending ? "Starting…" : request.kind === "records" ? `Redrive ${records(request.records.length)}` : "Redrive all matching"}
              </button>
              <button type="button" onClick={() => dialog.current?.close()}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </div>
    </dialog>
  );
}
