import { z } from "zod";

export const revokeTokenRequest = z.object({ id: z.string().min(1) });
export const revokeTokenResponse = z.object({ revoked: z.boolean() });
