import { ingestWriter, receiveOtlpTraces } from "@/server/services/traces-ingest";

export const dynamic = "force-dynamic";

/**
 * POST /v1/traces — the OTLP/HTTP trace receiver. Body: an ExportTraceServiceRequest as
 * application/x-protobuf or application/json, optionally Content-Encoding: gzip.
 * Authorization: Bearer $FLOWLENS_OTLP_TOKEN. Point an exporter's OTEL_EXPORTER_OTLP_ENDPOINT at the
 * Flowlens URL (the SDK appends /v1/traces).
 */
export async function POST(req: Request): Promise<Response> {
  try {
    const res = await receiveOtlpTraces(ingestWriter(), { headers: req.headers, body: req.body });
    return new Response(typeof res.body === "string" ? res.body : Buffer.from(res.body), { status: res.status, headers: res.headers });
  } catch (e) {
    console.error("flowlens: /v1/traces failed:", e);
    // 503 tells OTLP exporters to retry later; the spans are not lost on a transient database error.
    return new Response("Ingest failed; retry later\n", { status: 503, headers: { "content-type": "text/plain; charset=utf-8", "retry-after": "5" } });
  }
}
