import { setTimeout as sleep } from "node:timers/promises";
import { isTerminal } from "../../../observe/redrive";
import { getRedrive, type RedriveView } from "../../../services/redrive";
import { viewerProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { watchRedriveEvent, watchRedriveRequest } from "./watch-redrive.types";

const INTERVAL_MS = 500;

/** The job for the progress bar: now, then every half second while it changes, until it ends or the client leaves. */
export const watchRedriveRoute = viewerProcedure.input(watchRedriveRequest).subscription(async function* ({ ctx, input, signal }): AsyncGenerator<RedriveView> {
  let last = 0;
  while (!signal?.aborted) {
    const view = await getRedrive(ctx.db, input.id).catch(toTrpcError);
    // Unchanged rows are not sent again, except that the estimate moves on while the job runs.
    if (view.updatedAt.getTime() !== last || view.status === "running") yield watchRedriveEvent.parse(view);
    last = view.updatedAt.getTime();
    if (isTerminal(view.status)) return;
    await sleep(INTERVAL_MS, undefined, { signal }).catch(() => undefined);
  }
});
