import type { Metadata } from "next";
import { RecordLookup } from "@/components/traces/record-lookup";
import { recordAddress } from "@/components/traces/trace-view";

export const metadata: Metadata = { title: "Record" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// One record by ?topic=&partition=&offset= (opened from a span), read without a consumer group.
export default async function RecordPage({ params, searchParams }: { params: Promise<{ clusterId: string }>; searchParams: SearchParams }) {
  const [{ clusterId }, query] = await Promise.all([params, searchParams]);
  return <RecordLookup clusterId={clusterId} at={recordAddress(query)} />;
}
