import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import { env } from "../env";
import {
  decodeOtlpJsonDetailed,
  decodeOtlpProtobufDetailed,
  encodeExportResponseProtobuf,
  exportResponseJson,
  OtlpError,
  type DecodedSpans,
} from "../otel/otlp";
import { db } from "../db/client";
import { databaseUrl, isEmbeddedDatabaseUrl } from "../db/url";
import { pgSpanWriter, prismaSpanWriter, schedulePrune, type RetentionPolicy, type SpanWriter } from "./traces-store";

// The OTLP/HTTP trace receiver (POST /v1/traces): auth, body limits, gzip, decoding, the bulk
// insert into the app database, and retention. The route handler and the ingest benchmark's plain
// Node HTTP server both call receiveOtlpTraces, so what is measured is what runs.

const gunzipAsync = promisify(gunzip);

export interface OtlpLimits {
  /** Largest body, as sent and once inflated. */
  maxBodyBytes: number;
  maxSpans: number;
}

/** What an HTTP server needs from a request: headers and the body as a stream of chunks. */
export interface OtlpHttpRequest {
  headers: { get(name: string): string | null };
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null;
}

export interface OtlpHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

export interface ReceiveOptions {
  /** Defaults to FLOWLENS_OTLP_TOKEN. */
  token?: string | null;
  limits?: OtlpLimits;
  retention?: RetentionPolicy;
  /** Clock for retention (tests). */
  now?: () => number;
}

export function otlpLimits(): OtlpLimits {
  const e = env();
  return { maxBodyBytes: e.FLOWLENS_OTLP_MAX_BODY_BYTES, maxSpans: e.FLOWLENS_OTLP_MAX_SPANS };
}

export function retentionPolicy(): RetentionPolicy {
  const e = env();
  return { retentionHours: e.FLOWLENS_TRACE_RETENTION_HOURS, maxSpans: e.FLOWLENS_TRACE_MAX_SPANS };
}

const text = (status: number, message: string, extra: Record<string, string> = {}): OtlpHttpResponse => ({
  status,
  headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...extra },
  body: `${message}\n`,
});

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Constant-time Bearer check against the configured ingest token. */
export function otlpAuthorized(authorization: string | null, token: string): boolean {
  if (!authorization) return false;
  const [scheme, value, ...rest] = authorization.trim().split(/\s+/);
  if (scheme?.toLowerCase() !== "bearer" || !value || rest.length) return false;
  return timingSafeEqual(digest(value), digest(token));
}

/** Reads the whole body, refusing (413) as soon as it passes the cap. */
async function readCapped(body: OtlpHttpRequest["body"], max: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const take = (c: Uint8Array) => {
    size += c.length;
    if (size > max) throw new OtlpError(413, `Request body larger than ${max} bytes (FLOWLENS_OTLP_MAX_BODY_BYTES): send smaller batches`);
    chunks.push(c);
  };
  if ("getReader" in body) {
    const reader = body.getReader();
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) take(r.value);
    } finally {
      // Stop reading an oversized body instead of draining it.
      await reader.cancel().catch(() => undefined);
    }
  } else {
    for await (const c of body) take(c);
  }
  return Buffer.concat(chunks, size);
}

async function inflate(raw: Buffer, encoding: string, max: number): Promise<Buffer> {
  if (encoding === "" || encoding === "identity") return raw;
  if (encoding !== "gzip") throw new OtlpError(415, `Content-Encoding ${encoding} is not supported: send gzip or none`);
  try {
    // maxOutputLength stops a gzip bomb while it inflates instead of after.
    return await gunzipAsync(raw, { maxOutputLength: max });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError) {
      throw new OtlpError(413, `Request body inflates to more than ${max} bytes (FLOWLENS_OTLP_MAX_BODY_BYTES): send smaller batches`);
    }
    throw new OtlpError(400, `The body is not valid gzip: ${(e as Error).message}`);
  }
}

type Format = "protobuf" | "json";

function formatOf(contentType: string | null): Format | null {
  const t = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (t === "application/x-protobuf" || t === "application/protobuf") return "protobuf";
  if (t === "application/json") return "json";
  return null;
}

/**
 * Handles one POST /v1/traces: 503 when ingest is not configured, 401 without the token, 415 for
 * other content types or encodings, 413 past the body or span limits, 400 for bodies that are not
 * an ExportTraceServiceRequest, and 200 with an ExportTraceServiceResponse in the request's format
 * (with partial success when some spans were rejected).
 */
export async function receiveOtlpTraces(writer: SpanWriter, req: OtlpHttpRequest, options: ReceiveOptions = {}): Promise<OtlpHttpResponse> {
  const token = options.token !== undefined ? options.token : (env().FLOWLENS_OTLP_TOKEN ?? null);
  if (!token) {
    return text(503, "Trace ingest is off: set FLOWLENS_OTLP_TOKEN (24+ characters) and send it as Authorization: Bearer <token>");
  }
  if (!otlpAuthorized(req.headers.get("authorization"), token)) {
    return text(401, "Unauthorized: send Authorization: Bearer <FLOWLENS_OTLP_TOKEN>", { "www-authenticate": 'Bearer realm="flowlens-otlp"' });
  }
  const format = formatOf(req.headers.get("content-type"));
  if (!format) return text(415, "Unsupported Content-Type: send application/x-protobuf or application/json");
  const limits = options.limits ?? otlpLimits();
  try {
    const declared = Number(req.headers.get("content-length") ?? NaN);
    if (declared > limits.maxBodyBytes) {
      throw new OtlpError(413, `Request body of ${declared} bytes is larger than ${limits.maxBodyBytes} (FLOWLENS_OTLP_MAX_BODY_BYTES): send smaller batches`);
    }
    const encoding = (req.headers.get("content-encoding") ?? "").trim().toLowerCase();
    if (encoding !== "" && encoding !== "identity" && encoding !== "gzip") {
      throw new OtlpError(415, `Content-Encoding ${encoding} is not supported: send gzip or none`);
    }
    const raw = await readCapped(req.body, limits.maxBodyBytes);
    const bytes = await inflate(raw, encoding, limits.maxBodyBytes);
    let decoded: DecodedSpans;
    if (format === "protobuf") {
      decoded = decodeOtlpProtobufDetailed(bytes);
    } else {
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString("utf8"));
      } catch (e) {
        throw new OtlpError(400, `The body is not valid JSON: ${(e as Error).message}`);
      }
      decoded = decodeOtlpJsonDetailed(json);
    }
    const total = decoded.spans.length + decoded.rejected;
    if (total > limits.maxSpans) {
      throw new OtlpError(413, `${total} spans in one request; the limit is ${limits.maxSpans} (FLOWLENS_OTLP_MAX_SPANS): send smaller batches`);
    }
    await writer.append(decoded.spans);
    schedulePrune(writer, options.retention ?? retentionPolicy(), options.now ?? Date.now);
    const message = decoded.rejected ? `${decoded.rejected} span(s) rejected: ${decoded.rejectReason}` : null;
    return format === "protobuf"
      ? { status: 200, headers: { "content-type": "application/x-protobuf" }, body: encodeExportResponseProtobuf(decoded.rejected, message) }
      : { status: 200, headers: { "content-type": "application/json" }, body: exportResponseJson(decoded.rejected, message) };
  } catch (e) {
    if (e instanceof OtlpError) return text(e.status, e.message);
    throw e;
  }
}

const writers = globalThis as unknown as { __flowlensSpanWriters?: Map<string, SpanWriter> };

/** The process's span writer for the app database (one connection per database URL). */
export function ingestWriter(): SpanWriter {
  const url = databaseUrl();
  const map = (writers.__flowlensSpanWriters ??= new Map());
  let w = map.get(url);
  if (!w) {
    // The embedded store takes one connection at a time (server/db/url.ts): spans go over the app's one
    // connection, straight to the driver (sharedPool), not through Prisma's query engine.
    w = isEmbeddedDatabaseUrl(url) ? prismaSpanWriter(db()) : pgSpanWriter(url);
    map.set(url, w);
  }
  return w;
}

/** Closes the span writers' connections (shutdown, tests). */
export async function closeIngestWriters(): Promise<void> {
  const map = writers.__flowlensSpanWriters;
  if (!map) return;
  const all = [...map.values()];
  map.clear();
  await Promise.all(all.map((w) => w.close()));
}
