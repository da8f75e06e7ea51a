import { redriveIdInput, redriveView } from "./redrive.types";

export const getRedriveRequest = redriveIdInput;
export const getRedriveResponse = redriveView;
