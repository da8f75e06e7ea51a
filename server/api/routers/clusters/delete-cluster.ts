import { deleteCluster } from "../../../services/clusters";
import { adminProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { deleteClusterRequest, deleteClusterResponse } from "./delete-cluster.types";

export const deleteClusterRoute = adminProcedure
  .input(deleteClusterRequest)
  .output(deleteClusterResponse)
  .mutation(async ({ ctx, input }) => {
    await deleteCluster(ctx.db, ctx.user.id, input.id).catch(toTrpcError);
    return { deleted: true as const };
  });
