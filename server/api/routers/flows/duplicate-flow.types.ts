import { flowId, flowSummary } from "./flows.types";

export const duplicateFlowRequest = flowId;
export const duplicateFlowResponse = flowSummary;
