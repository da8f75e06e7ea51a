import { z } from "zod";

export const listDeadLetterTopicsRequest = z.object({ flowId: z.string().min(1) });

export const deadLetterTopicInfo = z.object({
  topic: z.string(),
  /** Drawn in the flow as a DLQ (any name), rather than found on the cluster by its name. */
  designed: z.boolean(),
  onCluster: z.boolean(),
  partitions: z.number().int().nullable(),
  /** Records held (log end − log start summed over partitions). */
  depth: z.number().int().nullable(),
});

export const listDeadLetterTopicsResponse = z.object({
  flowId: z.string(),
  /** Null when the flow is not linked to a cluster: only its designed DLQs are listed. */
  clusterId: z.string().nullable(),
  topics: z.array(deadLetterTopicInfo),
  /** Why the cluster could not be read; null when it was. */
  error: z.string().nullable(),
});
