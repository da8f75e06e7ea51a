import { router } from "../../trpc";
import { cancelRedriveRoute } from "./cancel-redrive";
import { getRedriveRoute } from "./get-redrive";
import { listRedrivesRoute } from "./list-redrives";
import { startRedriveRoute } from "./start-redrive";
import { watchRedriveRoute } from "./watch-redrive";

export const redriveRouter = router({
  start: startRedriveRoute,
  get: getRedriveRoute,
  list: listRedrivesRoute,
  cancel: cancelRedriveRoute,
  watch: watchRedriveRoute,
});
