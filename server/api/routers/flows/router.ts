import { router } from "../../trpc";
import { createFlowRoute } from "./create-flow";
import { listFlowsRoute } from "./list-flows";

export const flowsRouter = router({ list: listFlowsRoute, create: createFlowRoute });
