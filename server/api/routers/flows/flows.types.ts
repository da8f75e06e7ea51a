import { z } from "zod";
import { flowDocSchema } from "../../../flow/model";

export const flowSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  updatedAt: z.date(),
});
/** `clusterId`: the cluster this flow is linked to, if any (see flows.linkCluster). */
export const flowRecord = flowSummary.extend({ doc: flowDocSchema, clusterId: z.string().nullable() });
export const flowId = z.object({ id: z.string().min(1) });
