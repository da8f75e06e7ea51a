import { z } from "zod";
import { flowDocSchema } from "../../../flow/model";

export const getVersionRequest = z.object({ id: z.string().min(1), version: z.number().int().min(1) });
export const getVersionResponse = z.object({ version: z.number().int(), doc: flowDocSchema });
