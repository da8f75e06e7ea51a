import { getRedrive } from "../../../services/redrive";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { getRedriveRequest, getRedriveResponse } from "./get-redrive.types";

export const getRedriveRoute = viewerProcedure
  .input(getRedriveRequest)
  .output(getRedriveResponse)
  .query(({ ctx, input }) => getRedrive(ctx.db, input.id).catch(toTrpcError));
