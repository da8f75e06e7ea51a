import { z } from "zod";
import { clusterIdInput } from "./clusters.types";

export const deleteClusterRequest = clusterIdInput;
export const deleteClusterResponse = z.object({ deleted: z.literal(true) });
