import { callerFor, toErrorResponse } from "@/server/api/rest";
import { zipResponse } from "@/server/api/zip";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/v1/flows/:id/asyncapi.zip?format=yaml|json → the whole-flow document and one per application. */
export async function GET(req: Request, { params }: Ctx) {
  try {
    const format = (new URL(req.url).searchParams.get("format") ?? "yaml") as "yaml";
    const { flowName, files } = await (await callerFor(req)).specs.files({ id: (await params).id, format });
    return zipResponse(`${flowName}-asyncapi`, files.map((f) => ({ path: f.fileName, text: f.text })));
  } catch (e) {
    return toErrorResponse(e);
  }
}
