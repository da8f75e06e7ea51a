import { z } from "zod";
import { clusterRef, clusterView } from "./clusters.types";

/** Admins get each cluster's settings; everyone else its id and name, to pick one for a flow. */
export const listClustersResponse = z.array(z.union([clusterView, clusterRef]));
