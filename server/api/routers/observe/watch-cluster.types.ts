import { z } from "zod";
import { clusterIdInput } from "./observe.types";

export const watchClusterRequest = z.object({ clusterId: clusterIdInput });
