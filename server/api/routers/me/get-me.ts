import { viewerProcedure } from "../../trpc";
import { getMeResponse } from "./get-me.types";

export const getMeRoute = viewerProcedure.output(getMeResponse).query(({ ctx }) => ctx.user);
