import { deleteCluster } from "../../../services/clusters";
import { stopPoller } from "../../../services/live";
import { adminProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { deleteClusterRequest, deleteClusterResponse } from "./delete-cluster.types";

export const deleteClusterRoute = adminProcedure
  .input(deleteClusterRequest)
  .output(deleteClusterResponse)
  .mutation(async ({ ctx, input }) => {
    await deleteCluster(ctx.db, ctx.user.id, input.id).catch(toTrpcError);
    await stopPoller(input.id);
    return { deleted: true as const };
  });
