import { z } from "zod";
import { flowId } from "./flows.types";

export const deleteFlowRequest = flowId;
export const deleteFlowResponse = z.object({ deleted: z.literal(true) });
