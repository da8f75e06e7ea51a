import { searchTraces } from "../../../services/traces";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { searchTracesRequest, searchTracesResponse, TIME_RANGES } from "./search-traces.types";

export const searchTracesRoute = viewerProcedure
  .input(searchTracesRequest)
  .output(searchTracesResponse)
  .query(async ({ ctx, input }) => {
    const toMs = input.fromMs !== undefined && input.toMs !== undefined ? input.toMs : Date.now();
    const fromMs = input.fromMs !== undefined && input.toMs !== undefined ? input.fromMs : toMs - TIME_RANGES[input.range];
    const blankToUndefined = (v: string | undefined) => (v ? v : undefined);
    try {
      const result = await searchTraces(ctx.db, {
        service: blankToUndefined(input.service),
        topic: blankToUndefined(input.topic),
        consumerGroup: blankToUndefined(input.consumerGroup),
        minDurationMs: input.minDurationMs,
        errorsOnly: input.errorsOnly,
        fromMs,
        toMs,
        limit: input.limit,
      });
      return { ...result, fromMs, toMs };
    } catch (e) {
      toTrpcError(e);
    }
  });
