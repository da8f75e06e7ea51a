import { listDeadLetterTopics } from "../../../services/dlq";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { listDeadLetterTopicsRequest, listDeadLetterTopicsResponse } from "./list-dead-letter-topics.types";

/** The flow's designed DLQs and its cluster's topics named like DLQs, with partitions and depth. */
export const listDeadLetterTopicsRoute = viewerProcedure
  .input(listDeadLetterTopicsRequest)
  .output(listDeadLetterTopicsResponse)
  .query(({ ctx, input }) => listDeadLetterTopics(ctx.db, input.flowId).catch(toTrpcError));
