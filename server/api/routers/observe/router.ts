import { router } from "../../trpc";
import { getLagHistoryRoute } from "./get-lag-history";
import { watchClusterRoute } from "./watch-cluster";
import { watchFlowRoute } from "./watch-flow";
import { watchGroupRoute } from "./watch-group";

export const observeRouter = router({
  watchFlow: watchFlowRoute,
  watchCluster: watchClusterRoute,
  watchGroup: watchGroupRoute,
  lagHistory: getLagHistoryRoute,
});
