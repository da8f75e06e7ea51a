// Migration 0005: spans stored before it keep their resources (moved to span_resource, one row per
// distinct resource), attributes, events and links (json to text) and their links to other traces;
// links within a trace leave span_link.
import { afterAll, describe, expect, it } from "vitest";
import { loadMigrations, migrate } from "@/server/db/migrate";
import type { SpanRecord } from "@/server/otel/source";
import { builtInTraceSource, insertSpans } from "@/server/services/traces-store";
import { spanRecord } from "../support/spans";
import { openStores } from "../support/stores";

const all = loadMigrations();
const before = all.filter((m) => m.name < "0005");
const stores = await openStores({ migrations: before });
afterAll(async () => {
  for (const s of stores) await s.stop();
});

describe.each(stores.map((s) => [s.kind, s] as const))("migration 0005_span_resource (%s)", (_kind, store) => {
  it("moves each distinct resource to span_resource and keeps every span readable", async () => {
    const t1 = "1".repeat(32);
    const t2 = "2".repeat(32);
    const res = (service: string) => JSON.stringify({ "service.name": service, "host.name": `${service}-1` });
    const row = (traceId: string, spanId: string, service: string, startMs: number, links: unknown[]) =>
      store.db.$executeRawUnsafe(
        `INSERT INTO "span" ("traceId", "spanId", "name", "kind", "service", "startNs", "durationNs", "startMs", "statusCode",
           "attributes", "resource", "events", "links")
         VALUES ($1, $2, 'op', 1, $3, $4::bigint * 1000000, 1000, $4::bigint, 0, '{"http.route": "/orders"}',
           $5::json, '[{"timeNs": "1", "name": "retry", "attributes": {}}]', $6::json)`,
        traceId, spanId, service, String(startMs), res(service), JSON.stringify(links),
      );
    const now = Date.now();
    await row(t1, "a".repeat(16), "orders", now - 3000, []);
    await row(t1, "b".repeat(16), "orders", now - 2000, [{ traceId: t1, spanId: "a".repeat(16), attributes: {} }]);
    await row(t2, "c".repeat(16), "billing", now - 1000, [{ traceId: t1, spanId: "a".repeat(16), attributes: {} }]);
    const link = (t: string, s: string, lt: string, ls: string, ms: number) =>
      store.db.$executeRawUnsafe(`INSERT INTO "span_link" VALUES ($1, $2, $3, $4, $5::bigint)`, t, s, lt, ls, String(ms));
    await link(t1, "b".repeat(16), t1, "a".repeat(16), now - 2000);
    await link(t2, "c".repeat(16), t1, "a".repeat(16), now - 1000);

    expect(await migrate(store.url, all)).toEqual(["0005_span_resource"]);

    const resources = await store.db.$queryRawUnsafe<Array<{ attributes: unknown; lastStartMs: bigint }>>(
      `SELECT "attributes", "lastStartMs" FROM "span_resource" ORDER BY "lastStartMs"`,
    );
    expect(resources).toEqual([
      { attributes: { "service.name": "orders", "host.name": "orders-1" }, lastStartMs: BigInt(now - 2000) },
      { attributes: { "service.name": "billing", "host.name": "billing-1" }, lastStartMs: BigInt(now - 1000) },
    ]);
    const source = builtInTraceSource(store.db);
    const trace = await source.getTrace(t1);
    expect(trace.map((s) => s.resource)).toEqual([
      { "service.name": "orders", "host.name": "orders-1" },
      { "service.name": "orders", "host.name": "orders-1" },
    ]);
    expect(trace[1]!.links[0]!.spanId).toBe("a".repeat(16));
    // attributes, events and links, kept as text now, read back as they were.
    expect(trace[0]!.attributes).toEqual({ "http.route": "/orders" });
    expect(trace[0]!.events).toEqual([{ timeNs: 1n, name: "retry", attributes: {} }]);
    // The link to another trace is still followed both ways; the one within t1 is gone from span_link.
    expect(await source.linkedTraceIds(t1)).toEqual([t2]);
    expect(await source.linkedTraceIds(t2)).toEqual([t1]);
    expect(Number((await store.db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "span_link"`))[0]!.n)).toBe(1);

    // Spans received after the migration with a resource stored before it share its row: the ingest
    // path computes the same id from the same JSON text.
    const later = spanRecord({ traceId: "3".repeat(32), spanId: "d".repeat(16), service: "orders", resource: JSON.parse(res("orders")) as SpanRecord["resource"] });
    expect(await insertSpans(store.db, [later])).toBe(1);
    expect(Number((await store.db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "span_resource"`))[0]!.n)).toBe(2);
    expect((await source.getTrace("3".repeat(32)))[0]!.resource).toEqual({ "service.name": "orders", "host.name": "orders-1" });
  });
});
