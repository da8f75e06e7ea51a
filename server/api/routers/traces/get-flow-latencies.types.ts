import { z } from "zod";

export const getFlowLatenciesRequest = z.object({
  flowId: z.string().min(1).max(100),
  /** The window the percentiles cover. */
  minutes: z.number().int().min(1).max(1440).default(15),
});

const edgeLatency = z.object({ count: z.number().int(), p50Ms: z.number(), p95Ms: z.number() });

export const getFlowLatenciesResponse = z.object({
  source: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  traces: z.number().int(),
  edges: z.record(z.string(), edgeLatency),
});
