import { getSpec } from "../../../services/specs";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { getSpecRequest, getSpecResponse } from "./get-spec.types";

export const getSpecRoute = viewerProcedure
  .input(getSpecRequest)
  .output(getSpecResponse)
  .query(({ ctx, input }) => getSpec(ctx.db, input.id, input).catch(toTrpcError));
