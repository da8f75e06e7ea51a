import { deleteFlow } from "../../../services/flows";
import { editorProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { deleteFlowRequest, deleteFlowResponse } from "./delete-flow.types";

export const deleteFlowRoute = editorProcedure
  .input(deleteFlowRequest)
  .output(deleteFlowResponse)
  .mutation(async ({ ctx, input }) => {
    await deleteFlow(ctx.db, ctx.user.id, input.id).catch(toTrpcError);
    return { deleted: true as const };
  });
