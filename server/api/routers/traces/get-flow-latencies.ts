import { flowLatencies } from "../../../services/traces";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { getFlowLatenciesRequest, getFlowLatenciesResponse } from "./get-flow-latencies.types";

/** Publish→consume latency (p50, p95) on each consuming edge of a flow, from recent traces. */
export const getFlowLatenciesRoute = viewerProcedure
  .input(getFlowLatenciesRequest)
  .output(getFlowLatenciesResponse)
  .query(({ ctx, input }) => flowLatencies(ctx.db, input.flowId, input.minutes).catch(toTrpcError));
