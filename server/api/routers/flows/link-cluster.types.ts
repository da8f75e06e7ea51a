import { z } from "zod";

/** `clusterId: null` unlinks the flow. */
export const linkClusterRequest = z.object({ flowId: z.string().min(1), clusterId: z.string().min(1).nullable() });
export const linkClusterResponse = z.object({ id: z.string(), clusterId: z.string().nullable() });
