import { listRedrives } from "../../../services/redrive";
import { viewerProcedure } from "../../trpc";
import { listRedrivesRequest, listRedrivesResponse } from "./list-redrives.types";

export const listRedrivesRoute = viewerProcedure
  .input(listRedrivesRequest)
  .output(listRedrivesResponse)
  .query(({ ctx, input }) => listRedrives(ctx.db, input));
