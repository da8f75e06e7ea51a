import { TRPCError } from "@trpc/server";
import { getFlow } from "../../../services/flows";
import { liveForFlow, liveReports, pollerFor, type FlowLive } from "../../../services/live";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { watchFlowRequest } from "./watch-flow.types";

const RELOAD_MS = 30_000;
const notLinked = () => new TRPCError({ code: "BAD_REQUEST", message: "This flow is not linked to a cluster. Link one to observe it." });

/**
 * The live figures of a flow's linked cluster, cut to what its canvas shows, after every poll.
 * The browser lays them over the document it is editing, so unsaved edits are covered too.
 * The flow is re-read every 30 s: topics or groups added to the design show up, and a flow
 * linked to another cluster switches to that cluster's poller.
 */
export const watchFlowRoute = viewerProcedure.input(watchFlowRequest).subscription(async function* ({ ctx, input, signal }): AsyncGenerator<FlowLive> {
  let flow = await getFlow(ctx.db, input.flowId).catch(toTrpcError);
  while (!signal?.aborted) {
    const clusterId = flow.clusterId;
    if (!clusterId) throw notLinked();
    const poller = await pollerFor(ctx.db, clusterId).catch(toTrpcError);
    let loadedAt = Date.now();
    let relinked = false;
    for await (const report of liveReports(poller, signal)) {
      if (Date.now() - loadedAt > RELOAD_MS) {
        flow = await getFlow(ctx.db, input.flowId).catch(toTrpcError);
        loadedAt = Date.now();
        if (flow.clusterId !== clusterId) {
          relinked = true;
          break;
        }
      }
      yield liveForFlow(report, flow.doc);
    }
    // The cluster's poller stopped (the cluster was deleted): the flow was unlinked with it.
    if (!relinked) flow = await getFlow(ctx.db, input.flowId).catch(toTrpcError);
    if (!relinked && flow.clusterId === clusterId) return;
  }
});
