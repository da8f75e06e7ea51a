import { pollerFor } from "../../../services/live";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { getLagHistoryRequest, getLagHistoryResponse } from "./get-lag-history.types";

/** Lag over time at one-minute resolution (24 h kept in memory by the cluster's poller). */
export const getLagHistoryRoute = viewerProcedure
  .input(getLagHistoryRequest)
  .output(getLagHistoryResponse)
  .query(async ({ ctx, input }) => {
    const poller = await pollerFor(ctx.db, input.clusterId).catch(toTrpcError);
    const to = Date.now();
    const key = input.topic === undefined ? { group: input.groupId } : { group: input.groupId, topic: input.topic, partition: input.partition! };
    return { bucketMs: poller.monitor.history.bucketMs, points: poller.monitor.lagSeries(key, to - input.minutes * 60_000, to) };
  });
