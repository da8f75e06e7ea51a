import { listFlows } from "../../../services/flows";
import { viewerProcedure } from "../../trpc";
import { listFlowsRequest, listFlowsResponse } from "./list-flows.types";

export const listFlowsRoute = viewerProcedure
  .input(listFlowsRequest)
  .output(listFlowsResponse)
  .query(({ ctx, input }) => listFlows(ctx.db, input?.search));
