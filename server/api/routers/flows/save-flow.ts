import { saveFlow } from "../../../services/flows";
import { editorProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { saveFlowRequest, saveFlowResponse } from "./save-flow.types";

export const saveFlowRoute = editorProcedure
  .input(saveFlowRequest)
  .output(saveFlowResponse)
  .mutation(({ ctx, input }) => saveFlow(ctx.db, ctx.user.id, input).catch(toTrpcError));
