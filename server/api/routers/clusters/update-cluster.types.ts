import { clusterIdAndValues, clusterView } from "./clusters.types";

/** The whole form; a blank secret keeps the stored one, and `clear` lists the ones to remove. */
export const updateClusterRequest = clusterIdAndValues;
export const updateClusterResponse = clusterView;
