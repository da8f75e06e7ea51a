import { z } from "zod";
import { clusterConnectionValues } from "./clusters.types";

/** A saved cluster (`id`), unsaved form values, or both: edits to a saved cluster, tested before saving. */
export const testClusterRequest = z
  .object({ id: z.string().min(1).optional(), values: clusterConnectionValues.optional() })
  .refine((v) => v.id || v.values, "Say which cluster to test, or give its settings");
export const testClusterResponse = z.object({
  ok: z.boolean(),
  brokers: z.number().int(),
  controller: z.number().int().nullable(),
  clusterId: z.string().optional(),
  error: z.string().optional(),
});
