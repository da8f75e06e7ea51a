// Live traces end to end: spans arrive on /v1/traces as OTLP JSON (a producer's trace and a
// consumer's trace joined by a span link), a viewer finds the trace, sees the consumer stitched under
// the producer in the waterfall, opens the record the producer span names, and goes back to the
// trace from the record's traceparent header.
import { randomBytes } from "node:crypto";
import { createTopic, produce } from "../server/kafka/test-helpers";
import { ADMIN, apiSignIn, expect, requireBrokers, test, trpc } from "./fixtures";

const brokers = (process.env.KAFKA_BROKERS ?? "").split(",").filter(Boolean);
requireBrokers(brokers);

/** The token playwright.config.ts gives the server as FLOWLENS_OTLP_TOKEN. */
const OTLP_TOKEN = "e2e-otlp-token-0123456789abcdef";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });

test.skip(!brokers.length, "needs a Kafka broker (KAFKA_BROKERS)");

test("open a trace, see the stitched waterfall, and jump to the record and back", async ({ playwright, baseURL, signedInAs }) => {
  const run = hex(4);
  const topic = `orders-trace-${run}`;
  const producerService = `order-service-${run}`;
  const consumerService = `fulfilment-${run}`;
  const P = hex(16);
  const C = hex(16);
  const ids = { root: hex(8), send: hex(8), process: hex(8) };
  const value = JSON.stringify({ orderId: `o-${run}`, item: "<b>discontinued</b>" });

  // The record the producer span describes, with the traceparent the kafkajs instrumentation injects.
  await createTopic(brokers, topic, 1);
  await produce(brokers, topic, [{ key: `o-${run}`, value, headers: { traceparent: `00-${P}-${ids.send}-01` } }]);

  const admin = await playwright.request.newContext({ baseURL });
  await apiSignIn(admin, ADMIN);
  const clusterName = `Trace broker ${run}`;
  const created = await trpc(admin, "clusters.create", { name: clusterName, brokers: brokers.join(",") });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  await admin.dispose();

  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const at = (msAgo: number) => String(nowNs - BigInt(msAgo) * 1_000_000n);
  const resource = (service: string) => ({ attributes: [str("service.name", service)] });
  const body = {
    resourceSpans: [
      {
        resource: resource(producerService),
        scopeSpans: [
          {
            scope: { name: "e2e" },
            spans: [
              { traceId: P, spanId: ids.root, name: "POST /orders", kind: 2, startTimeUnixNano: at(5000), endTimeUnixNano: at(4980), attributes: [str("http.route", "/orders")] },
              {
                traceId: P,
                spanId: ids.send,
                parentSpanId: ids.root,
                name: `${topic} publish`,
                kind: 4,
                startTimeUnixNano: at(4995),
                endTimeUnixNano: at(4990),
                // The current attribute names.
                attributes: [str("messaging.system", "kafka"), str("messaging.destination.name", topic), str("messaging.destination.partition.id", "0"), int("messaging.kafka.offset", 0)],
              },
            ],
          },
        ],
      },
      {
        resource: resource(consumerService),
        scopeSpans: [
          {
            scope: { name: "e2e" },
            spans: [
              {
                traceId: C,
                spanId: ids.process,
                name: `${topic} process`,
                kind: 5,
                startTimeUnixNano: at(4900),
                endTimeUnixNano: at(4600),
                // The older names, as instrumentation-kafkajs sends them.
                attributes: [str("messaging.destination", topic), str("messaging.kafka.consumer.group", `fulfilment-${run}`)],
                status: { code: 2, message: "item discontinued" },
                events: [{ timeUnixNano: at(4700), name: "exception", attributes: [str("exception.message", "<script>alert(1)</script>")] }],
                links: [{ traceId: P, spanId: ids.send }],
              },
            ],
          },
        ],
      },
    ],
  };
  const { page } = await signedInAs("viewer");
  const ingest = await page.request.post("/v1/traces", { data: body, headers: { authorization: `Bearer ${OTLP_TOKEN}`, "content-type": "application/json" } });
  expect(ingest.status(), await ingest.text()).toBe(200);

  // Search by the consumer's service: the consumer's trace, with its error.
  await page.goto("/traces");
  const search = page.getByRole("search", { name: "Search traces" });
  await search.getByLabel("Service").fill(consumerService);
  await search.getByLabel("Errors only").check();
  await search.getByRole("button", { name: "Search" }).click();
  const results = page.getByRole("table", { name: "Traces, newest first" });
  await expect(results.getByRole("row")).toHaveCount(2);
  await expect(results.getByRole("row").nth(1)).toContainText(`${topic} process`);
  await expect(results.getByRole("row").nth(1)).toContainText("1 error");
  await results.getByRole("link", { name: `Trace ${consumerService}:` }).click();

  // The waterfall: the producer's trace on top, the consumer stitched under its publish span.
  await expect(page).toHaveURL(`${baseURL}/traces/${C}`);
  const waterfall = page.getByRole("table", { name: "Waterfall" });
  const rows = waterfall.getByTestId("waterfall-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0).getByRole("button")).toHaveAccessibleName(`${producerService}: POST /orders`);
  await expect(rows.nth(1).getByRole("button")).toHaveAccessibleName(`${producerService}: ${topic} publish`);
  await expect(rows.nth(2).getByRole("button")).toHaveAccessibleName(`${consumerService}: ${topic} process`);
  await expect(rows.nth(2)).toHaveAttribute("data-depth", "2");
  await expect(rows.nth(2)).toContainText(`linked from trace ${P.slice(0, 8)}`);
  await expect(rows.nth(2)).toContainText("error");

  // The consumer span's details, as text (older attribute names read).
  await rows.nth(2).getByRole("button").click();
  const consumerDetail = page.getByRole("region", { name: `Span ${topic} process` });
  await expect(consumerDetail.getByRole("region", { name: "Messaging" })).toContainText(`fulfilment-${run}`);
  await expect(consumerDetail.getByRole("region", { name: "Events" })).toContainText("<script>alert(1)</script>");
  await expect(consumerDetail).toContainText("item discontinued");

  // The producer span names topic, partition and offset: open that record.
  await rows.nth(1).getByRole("button").click();
  const producerDetail = page.getByRole("region", { name: `Span ${topic} publish` });
  const picker = producerDetail.getByLabel("Cluster");
  const openRecord = producerDetail.getByRole("link", { name: "Open record" });
  // With several clusters (other tests add theirs) a picker comes first; wait for whichever shows.
  await expect(picker.or(openRecord).first()).toBeVisible();
  if (await picker.isVisible()) await picker.selectOption({ label: clusterName });
  await openRecord.click();

  await expect(page).toHaveURL(/\/observe\/[^/]+\/records\?/);
  const record = page.getByRole("region", { name: "Record 0/0" });
  await expect(record.getByLabel("Value content")).toContainText("<b>discontinued</b>");

  // And back: the record's traceparent opens its trace.
  await record.getByRole("link", { name: "Open trace" }).click();
  await expect(page).toHaveURL(`${baseURL}/traces/${P}`);
  await expect(page.getByRole("table", { name: "Waterfall" }).getByTestId("waterfall-row")).toHaveCount(3);
});
