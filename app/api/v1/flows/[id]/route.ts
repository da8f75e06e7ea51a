import { migrateFlow } from "@/server/flow/migrations";
import { callerFor, errorResponse, readJson, toErrorResponse } from "@/server/api/rest";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/v1/flows/:id → { id, name, description, version, updatedAt, doc }, ETag: "<version>" */
export async function GET(req: Request, { params }: Ctx) {
  try {
    const flow = await (await callerFor(req)).flows.get({ id: (await params).id });
    return Response.json(flow, { headers: { etag: `"${flow.version}"`, "cache-control": "no-store" } });
  } catch (e) {
    return toErrorResponse(e);
  }
}

/**
 * PUT /api/v1/flows/:id saves a new version. The version the change is based on comes from
 * `If-Match: "<version>"` (as returned in ETag) or `baseVersion` in the body; the body is the
 * flow document, or { doc, baseVersion, message }. A stale base gives 409 and writes nothing.
 */
export async function PUT(req: Request, { params }: Ctx) {
  try {
    const caller = await callerFor(req);
    const body = (await readJson(req)) as Record<string, unknown> | null;
    if (!body || typeof body !== "object") return errorResponse(400, "BAD_REQUEST", "Send a flow document");
    const wrapped = "doc" in body;
    const rawDoc = (wrapped ? body.doc : body) as Record<string, unknown>;
    const ifMatch = req.headers.get("if-match")?.replace(/^W\//, "").replaceAll('"', "");
    const baseVersion = ifMatch ? Number(ifMatch) : wrapped ? Number(body.baseVersion) : NaN;
    if (!Number.isInteger(baseVersion) || baseVersion < 1) {
      return errorResponse(428, "PRECONDITION_REQUIRED", 'Say which version you changed: send If-Match: "<version>" (the ETag you read) or baseVersion in the body.');
    }
    const { $schema: _s, ...raw } = rawDoc ?? {};
    const saved = await caller.flows.save({
      id: (await params).id,
      baseVersion,
      doc: migrateFlow(raw),
      message: wrapped && typeof body.message === "string" ? body.message : undefined,
    });
    return Response.json(saved, { headers: { etag: `"${saved.version}"` } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
