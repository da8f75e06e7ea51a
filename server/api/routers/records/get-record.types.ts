import { z } from "zod";
import { recordView } from "../dlq/browse-dead-letters.types";

export const getRecordRequest = z.object({
  clusterId: z.string().min(1),
  topic: z.string().min(1).max(249),
  partition: z.number().int().min(0),
  offset: z.number().int().min(0),
});

export const getRecordResponse = recordView;
