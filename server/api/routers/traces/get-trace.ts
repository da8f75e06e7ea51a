import { TRPCError } from "@trpc/server";
import { getStitchedTrace } from "../../../services/traces";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { getTraceRequest, getTraceResponse } from "./get-trace.types";

/** One trace stitched with the traces its span links join it to, as waterfall rows. */
export const getTraceRoute = viewerProcedure
  .input(getTraceRequest)
  .output(getTraceResponse)
  .query(async ({ ctx, input }) => {
    const trace = await getStitchedTrace(ctx.db, input.traceId).catch(toTrpcError);
    if (!trace) throw new TRPCError({ code: "NOT_FOUND", message: `No trace ${input.traceId.toLowerCase()} was found.` });
    return trace;
  });
