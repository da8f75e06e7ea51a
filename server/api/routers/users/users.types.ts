import { z } from "zod";
import { roles } from "../../../auth/roles";

export const role = z.enum(roles);
export const userView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  createdAt: z.date(),
});
