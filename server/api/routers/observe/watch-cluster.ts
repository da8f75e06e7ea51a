import { groupSummaries, liveReports, pollerFor, type GroupSummary } from "../../../services/live";
import type { LiveSnapshot } from "../../../kafka/poller";
import type { LiveTopic } from "../../../observe/monitor";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { watchClusterRequest } from "./watch-cluster.types";

export interface ClusterOverview {
  clusterId: string;
  status: LiveSnapshot["status"];
  atMs: number | null;
  groups: GroupSummary[];
  topics: Array<Omit<LiveTopic, "partitions"> & { partitions: number }>;
}

/** Every consumer group of a cluster, one row each, after every poll: the groups list. */
export const watchClusterRoute = viewerProcedure.input(watchClusterRequest).subscription(async function* ({ ctx, input, signal }): AsyncGenerator<ClusterOverview> {
  const poller = await pollerFor(ctx.db, input.clusterId).catch(toTrpcError);
  for await (const r of liveReports(poller, signal)) {
    yield {
      clusterId: r.clusterId,
      status: r.status,
      atMs: r.live?.atMs ?? null,
      groups: groupSummaries(r.live),
      topics: (r.live?.topics ?? []).map(({ partitions, ...t }) => ({ ...t, partitions: partitions.length })),
    };
  }
});
