import { z } from "zod";
import { clusterIdInput } from "./observe.types";

export const getLagHistoryRequest = z
  .object({
    clusterId: clusterIdInput,
    groupId: z.string().min(1).max(255),
    /** A partition's series; without topic and partition, the group's total. */
    topic: z.string().min(1).max(249).optional(),
    partition: z.number().int().min(0).optional(),
    /** How far back, up to the 24 h kept. */
    minutes: z.number().int().min(1).max(1440).default(60),
  })
  .refine((v) => (v.topic === undefined) === (v.partition === undefined), "Give both topic and partition, or neither");

export const lagPoint = z.object({
  timeMs: z.number(),
  maxLag: z.number().nullable(),
  lastLag: z.number().nullable(),
  maxTimeLagMs: z.number().nullable(),
  samples: z.number(),
});
export const getLagHistoryResponse = z.object({ bucketMs: z.number(), points: z.array(lagPoint) });
