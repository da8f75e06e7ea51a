import { z } from "zod";
import { tokenView } from "./tokens.types";

export const createTokenRequest = z.object({ name: z.string().trim().min(1, "Name the token").max(80) });
/** The only response that ever carries the token itself. */
export const createTokenResponse = tokenView.extend({ token: z.string() });
