import { z } from "zod";
import { flowSummary } from "./flows.types";

export const createFlowRequest = z.object({
  name: z.string().trim().min(1, "Name the flow").max(200),
  description: z.string().max(10_000).optional(),
});
export const createFlowResponse = flowSummary;
