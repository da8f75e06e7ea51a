import { listApiTokens } from "../../../services/api-tokens";
import { viewerProcedure } from "../../trpc";
import { listTokensResponse } from "./list-tokens.types";

export const listTokensRoute = viewerProcedure.output(listTokensResponse).query(({ ctx }) => listApiTokens(ctx.db, ctx.user.id));
