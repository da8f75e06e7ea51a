import { stubFiles } from "../../../services/specs";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { generateStubsRequest, generateStubsResponse } from "./generate-stubs.types";

/** Generating reads the flow and writes nothing, so viewers may download stubs too. */
export const generateStubsRoute = viewerProcedure
  .input(generateStubsRequest)
  .output(generateStubsResponse)
  .query(({ ctx, input }) => stubFiles(ctx.db, input.id, input.app).catch(toTrpcError));
