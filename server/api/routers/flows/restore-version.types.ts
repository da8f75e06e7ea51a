import { z } from "zod";
import { flowSummary } from "./flows.types";

export const restoreVersionRequest = z.object({ id: z.string().min(1), version: z.number().int().min(1), baseVersion: z.number().int().min(1) });
export const restoreVersionResponse = flowSummary;
