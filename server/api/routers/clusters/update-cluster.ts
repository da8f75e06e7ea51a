import { updateCluster } from "../../../services/clusters";
import { reconfigurePoller } from "../../../services/live";
import { adminProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { updateClusterRequest, updateClusterResponse } from "./update-cluster.types";

export const updateClusterRoute = adminProcedure
  .input(updateClusterRequest)
  .output(updateClusterResponse)
  .mutation(async ({ ctx, input: { id, ...values } }) => {
    const view = await updateCluster(ctx.db, ctx.user.id, id, values).catch(toTrpcError);
    // New brokers or credentials: the poller reconnects with them, keeping history and open views.
    await reconfigurePoller(id);
    return view;
  });
