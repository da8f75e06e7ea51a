import { browseDeadLetters } from "../../../services/dlq";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { browseDeadLettersEvent, browseDeadLettersRequest } from "./browse-dead-letters.types";

/**
 * A bounded read of one DLQ, streamed: progress, pages of records, then done (or error). Stops
 * when the client goes away. tRPC's .output() would validate the generator object itself, not
 * what it yields, so each event is checked against its schema here instead.
 */
export const browseDeadLettersRoute = viewerProcedure.input(browseDeadLettersRequest).subscription(async function* ({ ctx, input, signal }) {
  try {
    for await (const event of browseDeadLetters(ctx.db, { ...input, signal })) yield browseDeadLettersEvent.parse(event);
  } catch (e) {
    toTrpcError(e);
  }
});
