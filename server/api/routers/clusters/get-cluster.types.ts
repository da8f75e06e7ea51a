import { clusterIdInput, clusterView } from "./clusters.types";

export const getClusterRequest = clusterIdInput;
export const getClusterResponse = clusterView;
