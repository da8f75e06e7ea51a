import { callerFor, toErrorResponse } from "@/server/api/rest";
import { zipResponse } from "@/server/api/zip";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/v1/flows/:id/stubs.zip?lang=ts[&app=NAME] → runnable TypeScript service projects. */
export async function GET(req: Request, { params }: Ctx) {
  try {
    const url = new URL(req.url);
    const app = url.searchParams.get("app") ?? undefined;
    const { flowName, files } = await (await callerFor(req)).specs.stubs({
      id: (await params).id,
      app,
      lang: (url.searchParams.get("lang") ?? "ts") as "ts",
    });
    return zipResponse(`${app ?? flowName}-stubs`, files.map((f) => ({ path: f.path, text: f.content })));
  } catch (e) {
    return toErrorResponse(e);
  }
}
