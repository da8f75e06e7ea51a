import { describe, expect, it } from "vitest";
import {
  decodeOtlpJson,
  decodeOtlpJsonDetailed,
  decodeOtlpProtobuf,
  decodeOtlpProtobufDetailed,
  encodeExportResponseProtobuf,
  exportResponseJson,
  OtlpError,
} from "./otlp";
import { opentelemetry } from "./proto/otlp.js";

const pb = opentelemetry.proto;
const TRACE = "5b8efff798038103d269b633813fc60c";
const PRODUCER_TRACE = "0af7651916cd43dd8448eb211c80319c";
const SPAN = "eee19b7ec3c1b174";
const PARENT = "eee19b7ec3c1b173";
const LINKED_SPAN = "b7ad6b7169203331";
const START = 1_700_000_000_123_456_789n;
const hexBytes = (h: string) => Uint8Array.from(Buffer.from(h, "hex"));
const str = (key: string, v: string) => ({ key, value: { stringValue: v } });

/** What @opentelemetry/exporter-trace-otlp-proto sends for a kafkajs consumer span. */
function protobufFixture(): Uint8Array {
  const req = pb.collector.trace.v1.ExportTraceServiceRequest.create({
    resourceSpans: [
      {
        resource: { attributes: [str("service.name", "billing"), { key: "process.pid", value: { intValue: 4242 } }] },
        scopeSpans: [
          {
            scope: { name: "@opentelemetry/instrumentation-kafkajs", version: "0.32.0" },
            spans: [
              {
                traceId: hexBytes(TRACE),
                spanId: hexBytes(SPAN),
                parentSpanId: hexBytes(PARENT),
                name: "orders.created process",
                kind: pb.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER,
                startTimeUnixNano: START.toString() as unknown as number,
                endTimeUnixNano: (START + 2_500_000n).toString() as unknown as number,
                attributes: [
                  str("messaging.system", "kafka"),
                  str("messaging.destination.name", "orders.created"),
                  str("messaging.consumer.group.name", "billing"),
                  str("messaging.destination.partition.id", "2"),
                  { key: "messaging.kafka.offset", value: { intValue: "9007199254740993" as unknown as number } },
                  { key: "retry", value: { boolValue: true } },
                  { key: "ratio", value: { doubleValue: 0.5 } },
                  { key: "tags", value: { arrayValue: { values: [{ stringValue: "a" }, { intValue: 2 }] } } },
                  { key: "nested", value: { kvlistValue: { values: [str("k", "v")] } } },
                  { key: "raw", value: { bytesValue: Uint8Array.from([1, 2, 255]) } },
                ],
                events: [{ timeUnixNano: (START + 1_000n).toString() as unknown as number, name: "exception", attributes: [str("exception.message", "card declined")] }],
                links: [{ traceId: hexBytes(PRODUCER_TRACE), spanId: hexBytes(LINKED_SPAN), attributes: [str("messaging.operation", "publish")] }],
                status: { code: pb.trace.v1.Status.StatusCode.STATUS_CODE_ERROR, message: "card declined" },
              },
              // Not storable: a trace id of 8 bytes.
              { traceId: hexBytes("0102030405060708"), spanId: hexBytes(SPAN), name: "bad" },
            ],
          },
        ],
      },
    ],
  });
  return pb.collector.trace.v1.ExportTraceServiceRequest.encode(req).finish();
}

describe("decodeOtlpProtobuf", () => {
  it("reads every field of a span, with the messaging fields", () => {
    const { spans, rejected, rejectReason } = decodeOtlpProtobufDetailed(protobufFixture());
    expect(rejected).toBe(1);
    expect(rejectReason).toMatch(/trace id must be 16 bytes/);
    expect(spans).toHaveLength(1);
    const s = spans[0]!;
    expect(s).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
      parentSpanId: PARENT,
      name: "orders.created process",
      kind: 5,
      service: "billing",
      startNs: START,
      durationNs: 2_500_000n,
      statusCode: 2,
      statusMessage: "card declined",
      topic: "orders.created",
      consumerGroup: "billing",
      partition: 2,
    });
    // Beyond 2^53 an int64 stays exact, as text.
    expect(s.attributes["messaging.kafka.offset"]).toBe("9007199254740993");
    expect(s.attributes).toMatchObject({ retry: true, ratio: 0.5, tags: ["a", 2], nested: { k: "v" }, raw: "AQL/" });
    expect(s.resource).toEqual({ "service.name": "billing", "process.pid": 4242 });
    expect(s.events).toEqual([{ timeNs: START + 1_000n, name: "exception", attributes: { "exception.message": "card declined" } }]);
    expect(s.links).toEqual([{ traceId: PRODUCER_TRACE, spanId: LINKED_SPAN, attributes: { "messaging.operation": "publish" } }]);
  });

  it("answers an empty request with no spans", () => {
    expect(decodeOtlpProtobuf(new Uint8Array())).toEqual([]);
  });

  it("refuses bytes that are not a request with a 400", () => {
    const garbage = Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);
    expect(() => decodeOtlpProtobuf(garbage)).toThrow(OtlpError);
    try {
      decodeOtlpProtobuf(garbage);
    } catch (e) {
      expect((e as OtlpError).status).toBe(400);
    }
  });

  it("encodes the response with partial success only when spans were rejected", () => {
    const Response = pb.collector.trace.v1.ExportTraceServiceResponse;
    expect(encodeExportResponseProtobuf(0, null)).toHaveLength(0);
    const partial = Response.decode(encodeExportResponseProtobuf(3, "3 span(s) rejected"));
    expect(Number(partial.partialSuccess?.rejectedSpans)).toBe(3);
    expect(partial.partialSuccess?.errorMessage).toBe("3 span(s) rejected");
    expect(JSON.parse(exportResponseJson(0, null))).toEqual({});
    expect(JSON.parse(exportResponseJson(2, "x"))).toEqual({ partialSuccess: { rejectedSpans: "2", errorMessage: "x" } });
  });
});

/** OTLP/JSON as the JS SDK's exporter-trace-otlp-http sends it, with the older kafkajs attribute names. */
const jsonFixture = {
  resourceSpans: [
    {
      resource: { attributes: [str("service.name", "orders")] },
      scopeSpans: [
        {
          scope: { name: "@opentelemetry/instrumentation-kafkajs" },
          spans: [
            {
              traceId: PRODUCER_TRACE.toUpperCase(),
              spanId: LINKED_SPAN,
              parentSpanId: "",
              name: "orders.created send",
              kind: 4,
              startTimeUnixNano: "1700000000000000000",
              endTimeUnixNano: "1700000000004000000",
              attributes: [
                str("messaging.destination", "orders.created"),
                str("messaging.kafka.consumer.group", "fulfilment"),
                { key: "messaging.kafka.partition", value: { intValue: "3" } },
                { key: "messaging.kafka.message.offset", value: { intValue: "17" } },
              ],
              events: [],
              links: [],
              status: { code: 0 },
            },
          ],
        },
      ],
    },
  ],
};

describe("decodeOtlpJson", () => {
  it("reads an SDK's request and the older messaging attribute names", () => {
    const [s] = decodeOtlpJson(jsonFixture);
    expect(s).toMatchObject({
      traceId: PRODUCER_TRACE,
      spanId: LINKED_SPAN,
      parentSpanId: null,
      kind: 4,
      service: "orders",
      startNs: 1_700_000_000_000_000_000n,
      durationNs: 4_000_000n,
      statusCode: 0,
      statusMessage: null,
      topic: "orders.created",
      consumerGroup: "fulfilment",
      partition: 3,
      offset: 17,
    });
  });

  it("accepts base64 ids, enum names, snake_case fields, Tempo's batches and instrumentationLibrarySpans", () => {
    const tempo = {
      batches: [
        {
          resource: { attributes: [str("service.name", "billing")] },
          instrumentationLibrarySpans: [
            {
              spans: [
                {
                  trace_id: Buffer.from(TRACE, "hex").toString("base64"),
                  span_id: Buffer.from(SPAN, "hex").toString("base64"),
                  parent_span_id: Buffer.from(PARENT, "hex").toString("base64"),
                  name: "process",
                  kind: "SPAN_KIND_CONSUMER",
                  start_time_unix_nano: 1_700_000_000_000_000_000,
                  end_time_unix_nano: "1700000000001000000",
                  status: { code: "STATUS_CODE_ERROR", message: "boom" },
                  links: [{ traceId: Buffer.from(PRODUCER_TRACE, "hex").toString("base64"), spanId: Buffer.from(LINKED_SPAN, "hex").toString("base64") }],
                },
              ],
            },
          ],
        },
      ],
    };
    const [s] = decodeOtlpJson(tempo);
    expect(s).toMatchObject({ traceId: TRACE, spanId: SPAN, parentSpanId: PARENT, kind: 5, service: "billing", statusCode: 2, statusMessage: "boom", durationNs: 1_000_000n });
    expect(s!.links).toEqual([{ traceId: PRODUCER_TRACE, spanId: LINKED_SPAN, attributes: {} }]);
  });

  it("counts spans with unusable ids as rejected and keeps the rest", () => {
    const body = structuredClone(jsonFixture) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }> };
    body.resourceSpans[0]!.scopeSpans[0]!.spans.push({ traceId: "00000000000000000000000000000000", spanId: SPAN, name: "zero" });
    const d = decodeOtlpJsonDetailed(body);
    expect(d.spans).toHaveLength(1);
    expect(d.rejected).toBe(1);
  });

  it("refuses malformed requests with a 400 naming the field", () => {
    const status = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof OtlpError ? `${e.status} ${e.message}` : String(e);
      }
      return "accepted";
    };
    expect(status(() => decodeOtlpJson([]))).toMatch(/^400 The body must be a JSON object/);
    expect(status(() => decodeOtlpJson({ resourceSpans: {} }))).toMatch(/^400 request.resourceSpans must be an array/);
    expect(status(() => decodeOtlpJson({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE, spanId: SPAN, startTimeUnixNano: "soon" }] }] }] }))).toMatch(
      /^400 resourceSpans\[0\].scopeSpans\[0\].spans\[0\].startTimeUnixNano must be an integer/,
    );
    expect(status(() => decodeOtlpJson({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE, spanId: SPAN, kind: "SPAN_KIND_SIDEWAYS" }] }] }] }))).toMatch(
      /^400 .*kind must be one of SPAN_KIND_UNSPECIFIED/,
    );
  });
});
