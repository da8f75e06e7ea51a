import { db } from "@/server/db/client";
import { errorResponse } from "@/server/api/rest";
import { metricsAuthorized, metricsText } from "@/server/services/metrics";

export const dynamic = "force-dynamic";

/**
 * GET /api/metrics — Prometheus text: lag in messages and seconds and Burrow status per cluster,
 * group, topic and partition. Authorization: Bearer FLOWLENS_METRICS_TOKEN, or a user's API token.
 */
export async function GET(req: Request) {
  const prisma = db();
  if (!(await metricsAuthorized(prisma, req.headers.get("authorization")))) {
    return new Response("Unauthorized: send Authorization: Bearer <FLOWLENS_METRICS_TOKEN or an API token>\n", {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="flowlens-metrics"', "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  try {
    const { contentType, body } = await metricsText(prisma);
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (e) {
    console.error("flowlens: /api/metrics failed:", e);
    return errorResponse(500, "INTERNAL_SERVER_ERROR", "Internal error");
  }
}
