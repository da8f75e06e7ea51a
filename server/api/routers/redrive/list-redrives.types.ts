import { z } from "zod";
import { redriveView } from "./redrive.types";

/** A cluster's or a flow's redrives (every one when neither is given), newest first. */
export const listRedrivesRequest = z
  .object({
    clusterId: z.string().min(1).optional(),
    flowId: z.string().min(1).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });
export const listRedrivesResponse = z.array(redriveView);
