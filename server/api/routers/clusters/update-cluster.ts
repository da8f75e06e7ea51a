import { updateCluster } from "../../../services/clusters";
import { adminProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { updateClusterRequest, updateClusterResponse } from "./update-cluster.types";

export const updateClusterRoute = adminProcedure
  .input(updateClusterRequest)
  .output(updateClusterResponse)
  .mutation(({ ctx, input: { id, ...values } }) => updateCluster(ctx.db, ctx.user.id, id, values).catch(toTrpcError));
