import { z } from "zod";

export const watchFlowRequest = z.object({ flowId: z.string().min(1).max(100) });
