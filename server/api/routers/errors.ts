import { TRPCError } from "@trpc/server";

/** Maps a service error carrying a `code` to the matching tRPC error; rethrows anything else. */
export function toTrpcError(e: unknown): never {
  const err = e as { code?: string; message?: string };
  if (err?.code === "CONFLICT" || err?.code === "NOT_FOUND" || err?.code === "BAD_REQUEST") {
    throw new TRPCError({ code: err.code, message: err.message ?? err.code, cause: e });
  }
  throw e;
}
