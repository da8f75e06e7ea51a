import { z } from "zod";
import { flowDocSchema } from "../../../flow/model";
import { flowSummary } from "./flows.types";

export const createFlowRequest = z.object({
  name: z.string().trim().min(1, "Name the flow").max(200),
  description: z.string().max(10_000).optional(),
  /** An imported .flow.json; its name is replaced by `name`. */
  doc: flowDocSchema.optional(),
});
export const createFlowResponse = flowSummary;
