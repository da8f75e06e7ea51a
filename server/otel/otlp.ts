// OTLP trace decoding: an ExportTraceServiceRequest, as protobuf or as OTLP/JSON, becomes the
// SpanRecords every trace source answers with. Protobuf goes through protobufjs's static module
// generated from the vendored opentelemetry-proto files (server/otel/proto, no code generation at
// run time); JSON is read by hand because OTLP/JSON differs from protobuf's JSON mapping (hex ids).
// Pure: no I/O.
import type Long from "long";
import { messagingFields } from "./messaging";
import { opentelemetry } from "./proto/otlp.js";
import type { Attributes, AttributeValue, SpanEvent, SpanKind, SpanLink, SpanRecord, StatusCode } from "./source";

const pb = opentelemetry.proto;

/** A request Flowlens cannot read, with the HTTP status to answer. */
export class OtlpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "OtlpError";
  }
}

export interface DecodedSpans {
  spans: SpanRecord[];
  /** Spans left out because they cannot be stored (bad ids); the request still succeeds partially. */
  rejected: number;
  /** Why the first rejected span was left out. */
  rejectReason: string | null;
}

const UNKNOWN_SERVICE = "unknown_service";
const MAX_DEPTH = 16;

// --- shared -------------------------------------------------------------------------------------

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function bytesToHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!];
  return s;
}

function allZero(hex: string): boolean {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return false;
  return true;
}

function makeCollector() {
  const out: DecodedSpans = { spans: [], rejected: 0, rejectReason: null };
  return {
    out,
    reject(reason: string) {
      out.rejected++;
      out.rejectReason ??= reason;
    },
  };
}

function toSpanRecord(
  traceId: string,
  spanId: string,
  parentSpanId: string | null,
  name: string,
  kind: number,
  service: string,
  startNs: bigint,
  endNs: bigint,
  statusCode: number,
  statusMessage: string,
  attributes: Attributes,
  resource: Attributes,
  events: SpanEvent[],
  links: SpanLink[],
): SpanRecord {
  const m = messagingFields(attributes);
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind: (kind >= 0 && kind <= 5 ? kind : 0) as SpanKind,
    service,
    startNs,
    durationNs: endNs > startNs ? endNs - startNs : 0n,
    statusCode: (statusCode === 1 || statusCode === 2 ? statusCode : 0) as StatusCode,
    statusMessage: statusMessage || null,
    topic: m.topic,
    consumerGroup: m.consumerGroup,
    partition: m.partition,
    offset: m.offset,
    attributes,
    resource,
    events,
    links,
  };
}

function serviceOf(resource: Attributes): string {
  const s = resource["service.name"];
  return typeof s === "string" && s !== "" ? s : UNKNOWN_SERVICE;
}

/** int64 attribute values: a number when it is safe, its decimal text otherwise (AttributeValue has no bigint). */
function int64Value(v: bigint | number): AttributeValue {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : String(v);
}

// --- protobuf -----------------------------------------------------------------------------------

type PbAny = opentelemetry.proto.common.v1.IAnyValue;
type PbKeyValue = opentelemetry.proto.common.v1.IKeyValue;
type PbLongish = number | Long | null | undefined;

function pbU64(v: PbLongish): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === "number") return BigInt(Math.trunc(v));
  return (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
}

function pbI64(v: PbLongish): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === "number") return BigInt(Math.trunc(v));
  return BigInt.asIntN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0));
}

function pbValue(v: PbAny | null | undefined, depth: number): AttributeValue {
  if (!v || depth > MAX_DEPTH) return null;
  if (v.stringValue != null) return v.stringValue;
  if (v.boolValue != null) return v.boolValue;
  if (v.intValue != null) return int64Value(pbI64(v.intValue));
  if (v.doubleValue != null) return v.doubleValue;
  if (v.arrayValue != null) return (v.arrayValue.values ?? []).map((x) => pbValue(x, depth + 1));
  if (v.kvlistValue != null) return pbAttributes(v.kvlistValue.values, depth + 1);
  if (v.bytesValue != null) return Buffer.from(v.bytesValue).toString("base64");
  return null;
}

function pbAttributes(kvs: PbKeyValue[] | null | undefined, depth = 0): Attributes {
  const out: Attributes = {};
  if (!kvs) return out;
  for (const kv of kvs) if (kv.key) out[kv.key] = pbValue(kv.value, depth);
  return out;
}

/** Decodes a protobuf ExportTraceServiceRequest; throws OtlpError(400) when the bytes are not one. */
export function decodeOtlpProtobufDetailed(bytes: Uint8Array): DecodedSpans {
  let req: opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
  try {
    req = pb.collector.trace.v1.ExportTraceServiceRequest.decode(bytes);
  } catch (e) {
    throw new OtlpError(400, `Not a protobuf ExportTraceServiceRequest: ${(e as Error).message}`);
  }
  const { out, reject } = makeCollector();
  for (const rs of req.resourceSpans) {
    const resource = pbAttributes(rs.resource?.attributes);
    const service = serviceOf(resource);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const traceId = s.traceId && s.traceId.length === 16 ? bytesToHex(s.traceId) : null;
        const spanId = s.spanId && s.spanId.length === 8 ? bytesToHex(s.spanId) : null;
        if (!traceId || !spanId || allZero(traceId) || allZero(spanId)) {
          reject("a span's trace id must be 16 bytes and its span id 8 bytes, not all zero");
          continue;
        }
        const parent = s.parentSpanId && s.parentSpanId.length === 8 ? bytesToHex(s.parentSpanId) : null;
        const events: SpanEvent[] = (s.events ?? []).map((e) => ({ timeNs: pbU64(e.timeUnixNano), name: e.name ?? "", attributes: pbAttributes(e.attributes) }));
        const links: SpanLink[] = [];
        for (const l of s.links ?? []) {
          if (l.traceId?.length === 16 && l.spanId?.length === 8) links.push({ traceId: bytesToHex(l.traceId), spanId: bytesToHex(l.spanId), attributes: pbAttributes(l.attributes) });
        }
        out.spans.push(
          toSpanRecord(
            traceId,
            spanId,
            parent && !allZero(parent) ? parent : null,
            s.name ?? "",
            s.kind ?? 0,
            service,
            pbU64(s.startTimeUnixNano),
            pbU64(s.endTimeUnixNano),
            s.status?.code ?? 0,
            s.status?.message ?? "",
            pbAttributes(s.attributes),
            resource,
            events,
            links,
          ),
        );
      }
    }
  }
  return out;
}

export function decodeOtlpProtobuf(bytes: Uint8Array): SpanRecord[] {
  return decodeOtlpProtobufDetailed(bytes).spans;
}

/** The success answer in protobuf, with partial success when some spans were rejected. */
export function encodeExportResponseProtobuf(rejected: number, message: string | null): Uint8Array {
  const msg = pb.collector.trace.v1.ExportTraceServiceResponse.create(
    rejected > 0 ? { partialSuccess: { rejectedSpans: rejected, errorMessage: message ?? "" } } : {},
  );
  return pb.collector.trace.v1.ExportTraceServiceResponse.encode(msg).finish();
}

/** The success answer in OTLP/JSON (int64 as a string, as the spec's JSON mapping says). */
export function exportResponseJson(rejected: number, message: string | null): string {
  return JSON.stringify(rejected > 0 ? { partialSuccess: { rejectedSpans: String(rejected), errorMessage: message ?? "" } } : {});
}

// --- OTLP/JSON ----------------------------------------------------------------------------------

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** A field by its lowerCamelCase name or its proto name (receivers should accept both). */
function field(o: Obj, camel: string, snake: string): Json {
  const v = o[camel];
  return v !== undefined ? v : o[snake];
}

function list(o: Obj, camel: string, snake: string, where: string): Json[] {
  const v = field(o, camel, snake);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpError(400, `${where}.${camel} must be an array`);
  return v;
}

const HEX_RE = /^[0-9a-fA-F]*$/;
const B64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** An id in OTLP/JSON's hex, or in base64 as protobuf's JSON mapping (and some SDKs) send it. */
function jsonId(v: Json, bytes: number): string | null {
  if (typeof v !== "string" || v === "") return null;
  if (v.length === bytes * 2 && HEX_RE.test(v)) return v.toLowerCase();
  if (B64_RE.test(v)) {
    const b = Buffer.from(v, v.includes("-") || v.includes("_") ? "base64url" : "base64");
    if (b.length === bytes) return b.toString("hex");
  }
  return null;
}

const DIGITS = /^-?\d{1,20}$/;

function jsonInt64(v: Json, what: string): bigint {
  if (v === undefined || v === null || v === "") return 0n;
  if (typeof v === "number" && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === "string" && DIGITS.test(v)) return BigInt(v);
  throw new OtlpError(400, `${what} must be an integer or a decimal string`);
}

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function jsonEnum(v: Json, names: Record<string, number>, what: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string") {
    const n = names[v];
    if (n !== undefined) return n;
    if (/^\d+$/.test(v)) return Number(v);
  }
  throw new OtlpError(400, `${what} must be one of ${Object.keys(names).join(", ")} or its number`);
}

function jsonValue(v: Json, depth: number): AttributeValue {
  if (!isObj(v) || depth > MAX_DEPTH) return null;
  const s = field(v, "stringValue", "string_value");
  if (s !== undefined && s !== null) return String(s);
  const b = field(v, "boolValue", "bool_value");
  if (b !== undefined && b !== null) return b === true || b === "true";
  const i = field(v, "intValue", "int_value");
  if (i !== undefined && i !== null) return int64Value(jsonInt64(i, "intValue"));
  const d = field(v, "doubleValue", "double_value");
  if (d !== undefined && d !== null) return typeof d === "number" ? d : Number(d);
  const a = field(v, "arrayValue", "array_value");
  if (isObj(a)) return (Array.isArray(a.values) ? a.values : []).map((x) => jsonValue(x, depth + 1));
  const kv = field(v, "kvlistValue", "kvlist_value");
  if (isObj(kv)) return jsonAttributes(kv.values, depth + 1);
  const by = field(v, "bytesValue", "bytes_value");
  if (typeof by === "string") return by;
  return null;
}

function jsonAttributes(kvs: Json, depth = 0): Attributes {
  const out: Attributes = {};
  if (!Array.isArray(kvs)) return out;
  for (const kv of kvs) if (isObj(kv) && typeof kv.key === "string" && kv.key) out[kv.key] = jsonValue(kv.value, depth);
  return out;
}

/**
 * Decodes an OTLP/JSON ExportTraceServiceRequest (also Tempo's `{ batches: [...] }` and the older
 * `instrumentationLibrarySpans`); throws OtlpError(400) for anything else.
 */
export function decodeOtlpJsonDetailed(body: unknown): DecodedSpans {
  if (!isObj(body)) throw new OtlpError(400, "The body must be a JSON object (an ExportTraceServiceRequest)");
  const top = field(body, "resourceSpans", "resource_spans") !== undefined ? list(body, "resourceSpans", "resource_spans", "request") : list(body, "batches", "batches", "request");
  const { out, reject } = makeCollector();
  top.forEach((rs, ri) => {
    const at = `resourceSpans[${ri}]`;
    if (!isObj(rs)) throw new OtlpError(400, `${at} must be an object`);
    const res = field(rs, "resource", "resource");
    const resource = isObj(res) ? jsonAttributes(res.attributes) : {};
    const service = serviceOf(resource);
    const scopes = [...list(rs, "scopeSpans", "scope_spans", at), ...list(rs, "instrumentationLibrarySpans", "instrumentation_library_spans", at)];
    scopes.forEach((ss, si) => {
      const sat = `${at}.scopeSpans[${si}]`;
      if (!isObj(ss)) throw new OtlpError(400, `${sat} must be an object`);
      list(ss, "spans", "spans", sat).forEach((s, i) => {
        const where = `${sat}.spans[${i}]`;
        if (!isObj(s)) throw new OtlpError(400, `${where} must be an object`);
        const traceId = jsonId(field(s, "traceId", "trace_id"), 16);
        const spanId = jsonId(field(s, "spanId", "span_id"), 8);
        if (!traceId || !spanId || allZero(traceId) || allZero(spanId)) {
          reject("a span's traceId must be 32 hex characters and its spanId 16, not all zero");
          return;
        }
        const parent = jsonId(field(s, "parentSpanId", "parent_span_id"), 8);
        const status = field(s, "status", "status");
        const st = isObj(status) ? status : {};
        const events: SpanEvent[] = list(s, "events", "events", where).map((e, ei) => {
          if (!isObj(e)) throw new OtlpError(400, `${where}.events[${ei}] must be an object`);
          return {
            timeNs: jsonInt64(field(e, "timeUnixNano", "time_unix_nano"), `${where}.events[${ei}].timeUnixNano`),
            name: typeof e.name === "string" ? e.name : "",
            attributes: jsonAttributes(e.attributes),
          };
        });
        const links: SpanLink[] = [];
        for (const l of list(s, "links", "links", where)) {
          if (!isObj(l)) continue;
          const lt = jsonId(field(l, "traceId", "trace_id"), 16);
          const ls = jsonId(field(l, "spanId", "span_id"), 8);
          if (lt && ls) links.push({ traceId: lt, spanId: ls, attributes: jsonAttributes(l.attributes) });
        }
        out.spans.push(
          toSpanRecord(
            traceId,
            spanId,
            parent && !allZero(parent) ? parent : null,
            typeof s.name === "string" ? s.name : "",
            jsonEnum(s.kind, SPAN_KINDS, `${where}.kind`),
            service,
            jsonInt64(field(s, "startTimeUnixNano", "start_time_unix_nano"), `${where}.startTimeUnixNano`),
            jsonInt64(field(s, "endTimeUnixNano", "end_time_unix_nano"), `${where}.endTimeUnixNano`),
            jsonEnum(st.code, STATUS_CODES, `${where}.status.code`),
            typeof st.message === "string" ? st.message : "",
            jsonAttributes(s.attributes),
            resource,
            events,
            links,
          ),
        );
      });
    });
  });
  return out;
}

export function decodeOtlpJson(body: unknown): SpanRecord[] {
  return decodeOtlpJsonDetailed(body).spans;
}
