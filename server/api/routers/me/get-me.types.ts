import { z } from "zod";

export const getMeResponse = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string() });
