import { getVersion } from "../../../services/flows";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { getVersionRequest, getVersionResponse } from "./get-version.types";

export const getVersionRoute = viewerProcedure
  .input(getVersionRequest)
  .output(getVersionResponse)
  .query(({ ctx, input }) => getVersion(ctx.db, input.id, input.version).catch(toTrpcError));
