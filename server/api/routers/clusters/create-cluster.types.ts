import { clusterValues, clusterView } from "./clusters.types";

export const createClusterRequest = clusterValues;
export const createClusterResponse = clusterView;
