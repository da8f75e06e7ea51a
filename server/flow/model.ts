// The flow document: the one piece of data every view of Flowlens projects.
// Pure: imports nothing from React, Next, Prisma, kafkajs or OpenTelemetry.
import { z } from "zod";

export const FLOW_SCHEMA_VERSION = 1;

export const flowDocSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).default(""),
  nodes: z.array(z.unknown()).default([]),
  edges: z.array(z.unknown()).default([]),
});
export type FlowDoc = z.infer<typeof flowDocSchema>;

export function emptyFlow(name: string, description = ""): FlowDoc {
  return { schemaVersion: FLOW_SCHEMA_VERSION, name, description, nodes: [], edges: [] };
}
