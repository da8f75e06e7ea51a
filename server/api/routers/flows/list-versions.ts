import { listVersions } from "../../../services/flows";
import { viewerProcedure } from "../../trpc";
import { listVersionsRequest, listVersionsResponse } from "./list-versions.types";

export const listVersionsRoute = viewerProcedure
  .input(listVersionsRequest)
  .output(listVersionsResponse)
  .query(({ ctx, input }) => listVersions(ctx.db, input.id));
