import { migrateFlow } from "@/server/flow/migrations";
import { callerFor, errorResponse, readJson, toErrorResponse } from "@/server/api/rest";

export const dynamic = "force-dynamic";

/** GET /api/v1/flows?search=… → { flows: [{ id, name, description, version, updatedAt }] } */
export async function GET(req: Request) {
  try {
    const search = new URL(req.url).searchParams.get("search") ?? undefined;
    const flows = await (await callerFor(req)).flows.list({ search });
    return Response.json({ flows });
  } catch (e) {
    return toErrorResponse(e);
  }
}

/**
 * POST /api/v1/flows with either a flow document (a .flow.json) or { name, description }.
 * → 201 { id, name, description, version, updatedAt }, Location: /api/v1/flows/:id
 */
export async function POST(req: Request) {
  try {
    const caller = await callerFor(req);
    const body = (await readJson(req)) as Record<string, unknown> | null;
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      return errorResponse(400, "BAD_REQUEST", "Send a flow document (.flow.json) or { name, description }");
    }
    const isDoc = !!body && typeof body === "object" && "schemaVersion" in body;
    let input: { name: string; description?: string; doc?: ReturnType<typeof migrateFlow> };
    if (isDoc) {
      const { $schema: _s, ...raw } = body;
      const doc = migrateFlow(raw);
      input = { name: doc.name, doc };
    } else {
      input = body as { name: string; description?: string };
    }
    const flow = await caller.flows.create(input);
    return Response.json(flow, { status: 201, headers: { location: `/api/v1/flows/${flow.id}`, etag: `"${flow.version}"` } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
