import { z } from "zod";
import { specFile, specFormat, specProblem } from "./specs.types";

export const getSpecRequest = z.object({ id: z.string().min(1), app: z.string().min(1).max(200).optional(), format: specFormat });
export const getSpecResponse = z.object({
  apps: z.array(z.string()),
  file: specFile,
  status: z.object({ errors: z.array(specProblem), warnings: z.array(specProblem) }),
});
