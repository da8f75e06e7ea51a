"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { RecordDetail } from "../dlq/record-view";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";
import type { RecordAddress } from "./trace-view";

/** One record of a cluster by topic, partition and offset (from a span), shown with the DLQ browser's record view. */
export function RecordLookup({ clusterId, at }: { clusterId: string; at: RecordAddress | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const cluster = clusters.data?.find((c) => c.id === clusterId);
  const record = useQuery({ ...trpc.records.get.queryOptions({ clusterId, ...(at ?? { topic: "-", partition: 0, offset: 0 }) }), enabled: at !== null, retry: false, refetchOnWindowFocus: false });
  return (
    <section className="stack traces">
      <div className="page-head">
        <h1>Record</h1>
        {cluster && <span className="muted">{cluster.name}</span>}
        <Link href="/traces">Traces</Link>
      </div>
      {at === null ? (
        <p role="alert" className="error">
          Say which record to open: ?topic=…&amp;partition=…&amp;offset=… (whole numbers).
        </p>
      ) : (
        <p className="muted">
          Topic <code>{at.topic}</code>, partition {at.partition}, offset {at.offset}
        </p>
      )}
      <ErrorAlert error={record.error} />
      {record.isPending && at !== null && <p className="muted">Reading the record…</p>}
      {record.data && <RecordDetail record={record.data} onClose={() => router.back()} />}
    </section>
  );
}
