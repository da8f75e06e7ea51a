import { listSpecFiles } from "../../../services/specs";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { listSpecFilesRequest, listSpecFilesResponse } from "./list-spec-files.types";

export const listSpecFilesRoute = viewerProcedure
  .input(listSpecFilesRequest)
  .output(listSpecFilesResponse)
  .query(({ ctx, input }) => listSpecFiles(ctx.db, input.id, input.format).catch(toTrpcError));
