import { TRPCError } from "@trpc/server";
import { getFlow } from "../../../services/flows";
import { liveForFlow, liveReports, pollerFor, type FlowLive } from "../../../services/live";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { watchFlowRequest } from "./watch-flow.types";

/**
 * The live figures of a flow's linked cluster, cut to what its canvas shows, after every poll.
 * The browser lays them over the document it is editing, so unsaved edits are covered too.
 */
export const watchFlowRoute = viewerProcedure.input(watchFlowRequest).subscription(async function* ({ ctx, input, signal }): AsyncGenerator<FlowLive> {
  const flow = await getFlow(ctx.db, input.flowId).catch(toTrpcError);
  if (!flow.clusterId) throw new TRPCError({ code: "BAD_REQUEST", message: "This flow is not linked to a cluster. Link one to observe it." });
  const poller = await pollerFor(ctx.db, flow.clusterId).catch(toTrpcError);
  let doc = flow.doc;
  let loadedAt = Date.now();
  for await (const report of liveReports(poller, signal)) {
    // Topics or groups added to the design since the tab opened show up within half a minute.
    if (Date.now() - loadedAt > 30_000) {
      doc = (await getFlow(ctx.db, input.flowId).catch(() => flow)).doc;
      loadedAt = Date.now();
    }
    yield liveForFlow(report, doc);
  }
});
