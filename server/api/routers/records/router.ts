import { router } from "../../trpc";
import { getRecordRoute } from "./get-record";

export const recordsRouter = router({
  get: getRecordRoute,
});
