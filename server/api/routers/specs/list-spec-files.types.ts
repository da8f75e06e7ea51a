import { z } from "zod";
import { specFile, specFormat } from "./specs.types";

export const listSpecFilesRequest = z.object({ id: z.string().min(1), format: specFormat });
export const listSpecFilesResponse = z.object({ flowName: z.string(), files: z.array(specFile) });
