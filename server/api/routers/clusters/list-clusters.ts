import { hasRole } from "../../../auth/roles";
import { listClusterRefs, listClusters } from "../../../services/clusters";
import { viewerProcedure } from "../../trpc";
import { listClustersResponse } from "./list-clusters.types";

export const listClustersRoute = viewerProcedure
  .output(listClustersResponse)
  .query(({ ctx }) => (hasRole(ctx.user.role, "admin") ? listClusters(ctx.db) : listClusterRefs(ctx.db)));
