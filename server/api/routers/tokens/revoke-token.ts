import { revokeApiToken } from "../../../services/api-tokens";
import { viewerProcedure } from "../../trpc";
import { revokeTokenRequest, revokeTokenResponse } from "./revoke-token.types";

export const revokeTokenRoute = viewerProcedure
  .input(revokeTokenRequest)
  .output(revokeTokenResponse)
  .mutation(async ({ ctx, input }) => ({ revoked: await revokeApiToken(ctx.db, ctx.user.id, input.id) }));
