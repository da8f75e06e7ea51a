import { z } from "zod";
import { traceSummary } from "./traces.types";

export const TIME_RANGES = { "15m": 15 * 60_000, "1h": 3600_000, "6h": 6 * 3600_000, "24h": 24 * 3600_000 } as const;
export type TimeRange = keyof typeof TIME_RANGES;

const filterText = z.string().trim().max(255).optional();

export const searchTracesRequest = z.object({
  service: filterText,
  topic: filterText,
  consumerGroup: filterText,
  minDurationMs: z.number().min(0).max(86_400_000).optional(),
  errorsOnly: z.boolean().default(false),
  /** Up to now; ignored when fromMs and toMs are both given. */
  range: z.enum(Object.keys(TIME_RANGES) as [TimeRange, ...TimeRange[]]).default("1h"),
  fromMs: z.number().int().min(0).optional(),
  toMs: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const searchTracesResponse = z.object({
  /** built-in, jaeger or tempo. */
  source: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  traces: z.array(traceSummary),
});
