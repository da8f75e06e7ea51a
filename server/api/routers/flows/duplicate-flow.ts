import { duplicateFlow } from "../../../services/flows";
import { editorProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { duplicateFlowRequest, duplicateFlowResponse } from "./duplicate-flow.types";

export const duplicateFlowRoute = editorProcedure
  .input(duplicateFlowRequest)
  .output(duplicateFlowResponse)
  .mutation(({ ctx, input }) => duplicateFlow(ctx.db, ctx.user.id, input.id).catch(toTrpcError));
