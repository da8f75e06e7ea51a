import { router } from "../../trpc";
import { generateStubsRoute } from "./generate-stubs";
import { getSpecRoute } from "./get-spec";
import { importSpecsRoute } from "./import-specs";
import { listSpecFilesRoute } from "./list-spec-files";

export const specsRouter = router({
  get: getSpecRoute,
  files: listSpecFilesRoute,
  stubs: generateStubsRoute,
  import: importSpecsRoute,
});
