import { z } from "zod";
import { flowSummary } from "../flows/flows.types";
import { specProblem } from "./specs.types";

const MAX_SPEC_BYTES = 2_000_000;
const MAX_TOTAL_BYTES = 10_000_000;

export const importSpecsRequest = z.object({
  name: z.string().trim().max(200).optional(),
  sources: z
    .array(z.object({ name: z.string().trim().min(1).max(255), text: z.string().max(MAX_SPEC_BYTES, "A document may be at most 2 MB") }))
    .min(1, "Add at least one AsyncAPI document")
    .max(20, "Import at most 20 documents at a time")
    .refine((docs) => docs.reduce((n, d) => n + d.text.length, 0) <= MAX_TOTAL_BYTES, "Import at most 10 MB of documents at a time"),
});
export const importSpecsResponse = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), flow: flowSummary, warnings: z.array(specProblem) }),
  z.object({ ok: z.literal(false), errors: z.array(specProblem) }),
]);
