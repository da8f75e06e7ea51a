import { z } from "zod";

export const clusterIdInput = z.string().min(1).max(100);
