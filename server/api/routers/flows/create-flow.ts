import { createFlow } from "../../../services/flows";
import { editorProcedure } from "../../trpc";
import { createFlowRequest, createFlowResponse } from "./create-flow.types";

export const createFlowRoute = editorProcedure
  .input(createFlowRequest)
  .output(createFlowResponse)
  .mutation(({ ctx, input }) => createFlow(ctx.db, ctx.user.id, input));
