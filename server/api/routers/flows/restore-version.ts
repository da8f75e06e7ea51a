import { restoreVersion } from "../../../services/flows";
import { editorProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { restoreVersionRequest, restoreVersionResponse } from "./restore-version.types";

export const restoreVersionRoute = editorProcedure
  .input(restoreVersionRequest)
  .output(restoreVersionResponse)
  .mutation(({ ctx, input }) => restoreVersion(ctx.db, ctx.user.id, input).catch(toTrpcError));
