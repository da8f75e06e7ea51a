import { router } from "../../trpc";
import { browseDeadLettersRoute } from "./browse-dead-letters";
import { listDeadLetterTopicsRoute } from "./list-dead-letter-topics";

export const dlqRouter = router({
  list: listDeadLetterTopicsRoute,
  browse: browseDeadLettersRoute,
});
