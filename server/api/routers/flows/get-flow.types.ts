import { flowId, flowRecord } from "./flows.types";

export const getFlowRequest = flowId;
export const getFlowResponse = flowRecord;
