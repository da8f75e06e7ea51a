import { linkFlow } from "../../../services/clusters";
import { editorProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { linkClusterRequest, linkClusterResponse } from "./link-cluster.types";

// Linking says where the flow's topics and groups live; it changes no secret, so editors may do it.
export const linkClusterRoute = editorProcedure
  .input(linkClusterRequest)
  .output(linkClusterResponse)
  .mutation(({ ctx, input }) => linkFlow(ctx.db, input.flowId, input.clusterId).catch(toTrpcError));
