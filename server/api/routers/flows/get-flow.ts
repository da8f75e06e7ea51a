import { getFlow } from "../../../services/flows";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { getFlowRequest, getFlowResponse } from "./get-flow.types";

export const getFlowRoute = viewerProcedure
  .input(getFlowRequest)
  .output(getFlowResponse)
  .query(({ ctx, input }) => getFlow(ctx.db, input.id).catch(toTrpcError));
