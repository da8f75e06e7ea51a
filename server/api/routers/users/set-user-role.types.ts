import { z } from "zod";
import { role, userView } from "./users.types";

export const setUserRoleRequest = z.object({ userId: z.string().min(1), role });
export const setUserRoleResponse = userView;
