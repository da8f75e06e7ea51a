import { getCluster } from "../../../services/clusters";
import { adminProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { getClusterRequest, getClusterResponse } from "./get-cluster.types";

export const getClusterRoute = adminProcedure
  .input(getClusterRequest)
  .output(getClusterResponse)
  .query(({ ctx, input }) => getCluster(ctx.db, input.id).catch(toTrpcError));
