import { redriveIdInput, redriveView } from "./redrive.types";

export const cancelRedriveRequest = redriveIdInput;
export const cancelRedriveResponse = redriveView;
