import { z } from "zod";
import { role, userView } from "./users.types";

export const createUserRequest = z.object({
  email: z.email("Enter a valid email address"),
  name: z.string().trim().min(1, "Enter a name").max(120),
  password: z.string().min(12, "Use at least 12 characters").max(128),
  role,
});
export const createUserResponse = userView;
