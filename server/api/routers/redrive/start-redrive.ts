import { startRedrive } from "../../../services/redrive";
import { editorProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { startRedriveRequest, startRedriveResponse } from "./start-redrive.types";

export const startRedriveRoute = editorProcedure
  .input(startRedriveRequest)
  .output(startRedriveResponse)
  .mutation(({ ctx, input }) => startRedrive(ctx.db, ctx.user.id, input).catch(toTrpcError));
