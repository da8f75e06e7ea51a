import { z } from "zod";
import { flowDocSchema } from "../../../flow/model";

export const flowSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  updatedAt: z.date(),
});
export const flowRecord = flowSummary.extend({ doc: flowDocSchema });
export const flowId = z.object({ id: z.string().min(1) });
