import { z } from "zod";

export const generateStubsRequest = z.object({ id: z.string().min(1), app: z.string().min(1).max(200).optional(), lang: z.literal("ts").default("ts") });
export const generateStubsResponse = z.object({ flowName: z.string(), files: z.array(z.object({ path: z.string(), content: z.string() })) });
