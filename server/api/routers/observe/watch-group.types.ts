import { z } from "zod";
import { clusterIdInput } from "./observe.types";

export const watchGroupRequest = z.object({ clusterId: clusterIdInput, groupId: z.string().min(1).max(255) });
