import { getRecordAt } from "../../../services/traces";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { getRecordRequest, getRecordResponse } from "./get-record.types";

/** One record by topic, partition and offset (the trace → record jump), read without a consumer group. */
export const getRecordRoute = viewerProcedure
  .input(getRecordRequest)
  .output(getRecordResponse)
  .query(({ ctx, input }) => getRecordAt(ctx.db, input).catch(toTrpcError));
