import { z } from "zod";
import { userView } from "./users.types";

export const listUsersResponse = z.array(userView);
