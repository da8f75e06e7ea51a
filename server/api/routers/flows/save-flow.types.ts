import { z } from "zod";
import { flowDocSchema } from "../../../flow/model";
import { flowSummary } from "./flows.types";

export const saveFlowRequest = z.object({
  id: z.string().min(1),
  /** The version the edit started from; a save on top of any other version is refused. */
  baseVersion: z.number().int().min(1),
  doc: flowDocSchema,
  message: z.string().max(500).optional(),
});
export const saveFlowResponse = flowSummary;
