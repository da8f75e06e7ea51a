import { health } from "@/server/services/health";

export const dynamic = "force-dynamic";

// Public on purpose (load balancers, readiness probes); it reports states, never addresses or secrets.
export async function GET() {
  const h = await health();
  return Response.json(h, { status: h.database.status === "up" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
