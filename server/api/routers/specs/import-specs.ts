import { importSpecs } from "../../../services/specs";
import { editorProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { importSpecsRequest, importSpecsResponse } from "./import-specs.types";

/** Invalid documents are an answer (with line and column), not an exception: the dialog shows them. */
export const importSpecsRoute = editorProcedure
  .input(importSpecsRequest)
  .output(importSpecsResponse)
  .mutation(({ ctx, input }) => importSpecs(ctx.db, ctx.user.id, input).catch(toTrpcError));
