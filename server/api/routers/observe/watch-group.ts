import { liveReports, pollerFor } from "../../../services/live";
import type { LiveSnapshot } from "../../../kafka/poller";
import type { LiveGroup } from "../../../observe/monitor";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { watchGroupRequest } from "./watch-group.types";

export interface GroupDetail {
  clusterId: string;
  status: LiveSnapshot["status"];
  atMs: number | null;
  /** Null when the cluster has no such group (or has not been read yet). */
  group: LiveGroup | null;
}

/** One group with every partition, after every poll: the group detail page and the canvas panel. */
export const watchGroupRoute = viewerProcedure.input(watchGroupRequest).subscription(async function* ({ ctx, input, signal }): AsyncGenerator<GroupDetail> {
  const poller = await pollerFor(ctx.db, input.clusterId).catch(toTrpcError);
  for await (const r of liveReports(poller, signal)) {
    yield { clusterId: r.clusterId, status: r.status, atMs: r.live?.atMs ?? null, group: r.live?.groups.find((g) => g.groupId === input.groupId) ?? null };
  }
});
