// Writes public/schemas/flow.schema.json, the published JSON Schema of the .flow.json format,
// from the zod model. A unit test fails when the committed file is out of date.
import { writeFileSync } from "node:fs";
import { flowJsonSchema } from "../server/flow/file-format";

writeFileSync(new URL("../public/schemas/flow.schema.json", import.meta.url), JSON.stringify(flowJsonSchema(), null, 2) + "\n");
console.log("wrote public/schemas/flow.schema.json");
