import { router } from "../../trpc";
import { createClusterRoute } from "./create-cluster";
import { deleteClusterRoute } from "./delete-cluster";
import { getClusterRoute } from "./get-cluster";
import { listClustersRoute } from "./list-clusters";
import { testClusterRoute } from "./test-cluster";
import { updateClusterRoute } from "./update-cluster";

export const clustersRouter = router({
  list: listClustersRoute,
  get: getClusterRoute,
  create: createClusterRoute,
  update: updateClusterRoute,
  delete: deleteClusterRoute,
  test: testClusterRoute,
});
