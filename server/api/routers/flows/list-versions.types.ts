import { z } from "zod";
import { flowId } from "./flows.types";

export const listVersionsRequest = flowId;
export const listVersionsResponse = z.array(
  z.object({ version: z.number().int(), createdAt: z.date(), message: z.string(), author: z.string().nullable() }),
);
