import "server-only";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError, z } from "zod";
import { FlowFormatError } from "../flow/migrations";
import { appRouter } from "./root";
import { createCallerFactory, createContext } from "./trpc";

// The REST surface (/api/v1) calls the same tRPC procedures, so auth, roles and validation are
// one implementation. Errors become { error: { code, message, … } } with the matching status.
const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export async function callerFor(req: Request): Promise<Caller> {
  return createCaller(await createContext({ headers: req.headers }));
}

export function errorResponse(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error: { code, message, ...extra } }, { status, headers: { "cache-control": "no-store" } });
}

export function toErrorResponse(e: unknown): Response {
  if (e instanceof FlowFormatError) return errorResponse(400, "BAD_REQUEST", e.message, { issues: e.issues });
  if (e instanceof TRPCError) {
    const status = getHTTPStatusCodeFromError(e);
    const cause = e.cause as { currentVersion?: number } | undefined;
    const extra: Record<string, unknown> = {};
    let message = e.message;
    if (e.cause instanceof ZodError) {
      extra.issues = z.flattenError(e.cause);
      message = e.cause.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    }
    if (cause?.currentVersion !== undefined) extra.currentVersion = cause.currentVersion;
    if (status >= 500) console.error(e);
    return errorResponse(status, e.code, status >= 500 ? "Internal error" : message, extra);
  }
  console.error(e);
  return errorResponse(500, "INTERNAL_SERVER_ERROR", "Internal error");
}

export async function readJson(req: Request, maxBytes = 5_000_000): Promise<unknown> {
  const text = await req.text();
  if (text.length > maxBytes) throw new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: `Request body is over ${maxBytes} bytes` });
  try {
    return JSON.parse(text);
  } catch {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Request body is not valid JSON" });
  }
}
