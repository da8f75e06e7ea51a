import { router } from "./trpc";
import { clustersRouter } from "./routers/clusters/router";
import { dlqRouter } from "./routers/dlq/router";
import { flowsRouter } from "./routers/flows/router";
import { observeRouter } from "./routers/observe/router";
import { redriveRouter } from "./routers/redrive/router";
import { recordsRouter } from "./routers/records/router";
import { tracesRouter } from "./routers/traces/router";
import { specsRouter } from "./routers/specs/router";
import { meRouter } from "./routers/me/router";
import { tokensRouter } from "./routers/tokens/router";
import { usersRouter } from "./routers/users/router";

export const appRouter = router({
  me: meRouter,
  users: usersRouter,
  tokens: tokensRouter,
  flows: flowsRouter,
  specs: specsRouter,
  clusters: clustersRouter,
  dlq: dlqRouter,
  observe: observeRouter,
  redrive: redriveRouter,
  traces: tracesRouter,
  records: recordsRouter,
});

export type AppRouter = typeof appRouter;
