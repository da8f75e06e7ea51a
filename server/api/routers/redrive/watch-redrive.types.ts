import { redriveIdInput, redriveView } from "./redrive.types";

export const watchRedriveRequest = redriveIdInput;
/** Each update of the job, checked like any procedure's output. */
export const watchRedriveEvent = redriveView;
