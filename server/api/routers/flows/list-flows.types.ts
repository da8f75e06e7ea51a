import { z } from "zod";
import { flowSummary } from "./flows.types";

export const listFlowsRequest = z.object({ search: z.string().max(200).optional() }).optional();
export const listFlowsResponse = z.array(flowSummary);
