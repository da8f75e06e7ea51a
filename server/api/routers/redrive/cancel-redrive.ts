import { cancelRedrive } from "../../../services/redrive";
import { editorProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { cancelRedriveRequest, cancelRedriveResponse } from "./cancel-redrive.types";

export const cancelRedriveRoute = editorProcedure
  .input(cancelRedriveRequest)
  .output(cancelRedriveResponse)
  .mutation(({ ctx, input }) => cancelRedrive(ctx.db, ctx.user.id, input.id).catch(toTrpcError));
