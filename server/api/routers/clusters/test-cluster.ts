import { testConnection } from "../../../services/clusters";
import { adminProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { testClusterRequest, testClusterResponse } from "./test-cluster.types";

// Admin only: it opens connections to whatever address is typed in.
export const testClusterRoute = adminProcedure
  .input(testClusterRequest)
  .output(testClusterResponse)
  .mutation(({ ctx, input }) => testConnection(ctx.db, input).catch(toTrpcError));
