import { createCluster } from "../../../services/clusters";
import { adminProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { createClusterRequest, createClusterResponse } from "./create-cluster.types";

export const createClusterRoute = adminProcedure
  .input(createClusterRequest)
  .output(createClusterResponse)
  .mutation(({ ctx, input }) => createCluster(ctx.db, ctx.user.id, input).catch(toTrpcError));
