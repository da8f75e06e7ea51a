import { z } from "zod";
import { redriveDefaults, redriveSelection, redriveTarget, redriveView } from "./redrive.types";

export const startRedriveRequest = z.object({
  clusterId: z.string().min(1),
  /** Lets a designed DLQ of this (linked) flow be redriven whatever its name. */
  flowId: z.string().min(1).optional(),
  sourceTopic: z.string().trim().min(1, "Name the dead-letter topic").max(249),
  target: redriveTarget,
  selection: redriveSelection,
  ratePerSecond: z.number().int().min(1, "At least 1 record a second").max(redriveDefaults.maxRatePerSecond).default(redriveDefaults.ratePerSecond),
  /** Records redriven this many times already are refused. */
  maxRedrives: z.number().int().min(1).max(100).default(redriveDefaults.maxRedrives),
});
export const startRedriveResponse = redriveView;
