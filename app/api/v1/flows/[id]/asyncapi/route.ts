import { callerFor, toErrorResponse } from "@/server/api/rest";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /api/v1/flows/:id/asyncapi?app=NAME&format=yaml|json → the AsyncAPI 3.0.0 document of one
 * application, or of the whole flow without `app`. `download=1` asks the browser to save it.
 * The parser's verdict travels in X-AsyncAPI-Errors / X-AsyncAPI-Warnings (counts).
 */
export async function GET(req: Request, { params }: Ctx) {
  try {
    const url = new URL(req.url);
    const spec = await (await callerFor(req)).specs.get({
      id: (await params).id,
      app: url.searchParams.get("app") ?? undefined,
      format: (url.searchParams.get("format") ?? "yaml") as "yaml",
    });
    const headers: Record<string, string> = {
      "content-type": `${spec.file.contentType}; charset=utf-8`,
      "cache-control": "no-store",
      "x-asyncapi-errors": String(spec.status.errors.length),
      "x-asyncapi-warnings": String(spec.status.warnings.length),
    };
    if (url.searchParams.get("download")) headers["content-disposition"] = `attachment; filename="${spec.file.fileName}"`;
    return new Response(spec.file.text, { headers });
  } catch (e) {
    return toErrorResponse(e);
  }
}
