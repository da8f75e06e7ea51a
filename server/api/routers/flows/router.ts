import { router } from "../../trpc";
import { createFlowRoute } from "./create-flow";
import { deleteFlowRoute } from "./delete-flow";
import { duplicateFlowRoute } from "./duplicate-flow";
import { getFlowRoute } from "./get-flow";
import { getVersionRoute } from "./get-version";
import { linkClusterRoute } from "./link-cluster";
import { listFlowsRoute } from "./list-flows";
import { listVersionsRoute } from "./list-versions";
import { restoreVersionRoute } from "./restore-version";
import { saveFlowRoute } from "./save-flow";

export const flowsRouter = router({
  list: listFlowsRoute,
  get: getFlowRoute,
  create: createFlowRoute,
  save: saveFlowRoute,
  versions: listVersionsRoute,
  version: getVersionRoute,
  restore: restoreVersionRoute,
  duplicate: duplicateFlowRoute,
  delete: deleteFlowRoute,
  linkCluster: linkClusterRoute,
});
