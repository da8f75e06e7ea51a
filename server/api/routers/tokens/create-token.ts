import { createApiToken } from "../../../services/api-tokens";
import { viewerProcedure } from "../../trpc";
import { createTokenRequest, createTokenResponse } from "./create-token.types";

// A token acts with its owner's role, so any signed-in user may create one for themselves.
export const createTokenRoute = viewerProcedure
  .input(createTokenRequest)
  .output(createTokenResponse)
  .mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.user.id, input.name));
