import { router } from "../../trpc";
import { getFlowLatenciesRoute } from "./get-flow-latencies";
import { getTraceRoute } from "./get-trace";
import { searchTracesRoute } from "./search-traces";

export const tracesRouter = router({
  search: searchTracesRoute,
  get: getTraceRoute,
  flowLatencies: getFlowLatenciesRoute,
});
