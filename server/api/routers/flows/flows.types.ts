import { z } from "zod";

export const flowSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  updatedAt: z.date(),
});
