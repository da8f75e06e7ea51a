import { z } from "zod";
import { SPEC_FORMATS } from "../../../flow/asyncapi/files";

export const specFormat = z.enum(SPEC_FORMATS).default("yaml");
export const specFile = z.object({ app: z.string().optional(), fileName: z.string(), contentType: z.string(), text: z.string() });
export const specProblem = z.object({
  source: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  path: z.string().optional(),
  message: z.string(),
});
