import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import { Prisma } from "@/generated/prisma/client";
import { sharedPool, type Db } from "../db/client";
import type { Attributes, SpanEvent, SpanKind, SpanLink, SpanRecord, StatusCode, TraceQuery, TraceSource, TraceSummary } from "../otel/source";

// The built-in trace source: spans received on /v1/traces, read back from the app database.
//
// Search matches spans, as Jaeger does: a trace is found when one of its spans in the time range
// has the service, topic and group asked for, lasts at least minDurationMs and, with errorsOnly,
// has the error status. The spans are read newest first through the (column, startMs) index of
// the most selective filter, stopping once enough distinct traces are found; the summaries are
// then computed over every span of those traces (primary key lookups).

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 200;
/** Matching spans read at most, per search: a bounded read even when every span matches. */
const MAX_SCAN = 100_000;

const HEX32 = /^[0-9a-f]{32}$/;

type StoredEvent = { timeNs: string | number; name: string; attributes: Attributes };

interface SpanRow {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  service: string;
  startNs: bigint;
  durationNs: bigint;
  statusCode: number;
  statusMessage: string | null;
  topic: string | null;
  consumerGroup: string | null;
  partition: number | null;
  offset: bigint | null;
  /** JSON text, as written by insertParams. */
  attributes: string;
  resource: Attributes | null;
  /** JSON text of Array<{ timeNs: string; name: string; attributes: Attributes }>. */
  events: string;
  /** JSON text of SpanLink[]. */
  links: string;
}

export function rowToSpan(r: SpanRow): SpanRecord {
  return {
    traceId: r.traceId,
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    name: r.name,
    kind: r.kind as SpanKind,
    service: r.service,
    startNs: BigInt(r.startNs),
    durationNs: BigInt(r.durationNs),
    statusCode: r.statusCode as StatusCode,
    statusMessage: r.statusMessage,
    topic: r.topic,
    consumerGroup: r.consumerGroup,
    partition: r.partition,
    offset: r.offset === null ? null : Number(r.offset),
    attributes: (JSON.parse(r.attributes) as Attributes | null) ?? {},
    resource: r.resource ?? {},
    events: ((JSON.parse(r.events) as StoredEvent[] | null) ?? []).map((e): SpanEvent => ({ timeNs: BigInt(e.timeNs), name: e.name, attributes: e.attributes ?? {} })),
    links: (JSON.parse(r.links) as SpanLink[] | null) ?? [],
  };
}

export interface SummaryRow {
  traceId: string;
  parentSpanId: string | null;
  name: string;
  service: string;
  startNs: bigint;
  durationNs: bigint;
  statusCode: number;
  topic: string | null;
}

/** Trace summaries from the light columns of their spans, newest first. Pure. */
export function summarise(rows: SummaryRow[]): TraceSummary[] {
  const byTrace = new Map<string, SummaryRow[]>();
  for (const r of rows) {
    const list = byTrace.get(r.traceId);
    if (list) list.push(r);
    else byTrace.set(r.traceId, [r]);
  }
  const out: Array<TraceSummary & { startNs: bigint }> = [];
  for (const [traceId, spans] of byTrace) {
    let first = spans[0]!;
    let root: SummaryRow | null = null;
    let end = 0n;
    let errors = 0;
    const services = new Set<string>();
    const topics = new Set<string>();
    for (const s of spans) {
      const sNs = BigInt(s.startNs);
      if (sNs < BigInt(first.startNs)) first = s;
      if (s.parentSpanId === null && (root === null || sNs < BigInt(root.startNs))) root = s;
      const e = sNs + BigInt(s.durationNs);
      if (e > end) end = e;
      if (s.statusCode === 2) errors++;
      services.add(s.service);
      if (s.topic) topics.add(s.topic);
    }
    const head = root ?? first;
    const startNs = BigInt(first.startNs);
    out.push({
      traceId,
      rootService: head.service,
      rootName: head.name,
      startMs: Number(startNs / 1_000_000n),
      durationMs: Number(end - startNs) / 1e6,
      spanCount: spans.length,
      errorCount: errors,
      services: [...services].sort(),
      topics: [...topics].sort(),
      startNs,
    });
  }
  out.sort((a, b) => (b.startNs > a.startNs ? 1 : b.startNs < a.startNs ? -1 : a.traceId.localeCompare(b.traceId)));
  return out.map(({ startNs: _s, ...t }) => t);
}

function filters(q: TraceQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`"startMs" >= ${BigInt(Math.floor(q.fromMs))} AND "startMs" <= ${BigInt(Math.ceil(q.toMs))}`];
  if (q.service) parts.push(Prisma.sql`"service" = ${q.service}`);
  if (q.topic) parts.push(Prisma.sql`"topic" = ${q.topic}`);
  if (q.consumerGroup) parts.push(Prisma.sql`"consumerGroup" = ${q.consumerGroup}`);
  if (q.errorsOnly) parts.push(Prisma.sql`"statusCode" = 2`);
  if (q.minDurationMs !== undefined && q.minDurationMs > 0) parts.push(Prisma.sql`"durationNs" >= ${BigInt(Math.round(q.minDurationMs * 1e6))}`);
  return Prisma.join(parts, " AND ");
}

/** The newest distinct trace ids with a matching span, at most `limit`. */
async function matchingTraceIds(prisma: Db, q: TraceQuery, limit: number): Promise<string[]> {
  const where = filters(q);
  // Traces have a handful of spans: read a few matching spans per trace wanted, newest first, and
  // more only when they were not enough (many matching spans in few traces).
  for (let scan = Math.max(limit * 16, 256); ; scan = Math.min(scan * 8, MAX_SCAN)) {
    const rows = await prisma.$queryRaw<Array<{ traceId: string }>>`
      SELECT "traceId" FROM "span" WHERE ${where} ORDER BY "startMs" DESC LIMIT ${scan}`;
    const ids = [...new Set(rows.map((r) => r.traceId))];
    // Enough traces, every matching span read, or the bound reached.
    if (ids.length >= limit || rows.length < scan || scan >= MAX_SCAN) return ids.slice(0, limit);
  }
}

async function summaries(prisma: Db, ids: string[]): Promise<TraceSummary[]> {
  if (!ids.length) return [];
  const rows = await prisma.$queryRaw<SummaryRow[]>`
    SELECT "traceId", "parentSpanId", "name", "service", "startNs", "durationNs", "statusCode", "topic"
    FROM "span" WHERE "traceId" = ANY(${ids}::text[])`;
  return summarise(rows);
}

export function builtInTraceSource(prisma: Db): TraceSource {
  return {
    kind: "built-in",

    async search(query) {
      const limit = Math.min(Math.max(Math.floor(query.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
      if (!(query.toMs >= query.fromMs)) return [];
      const ids = await matchingTraceIds(prisma, query, limit);
      return summaries(prisma, ids);
    },

    async getTrace(traceId) {
      const id = traceId.toLowerCase();
      if (!HEX32.test(id)) return [];
      const rows = await prisma.$queryRaw<SpanRow[]>`
        SELECT s."traceId", s."spanId", s."parentSpanId", s."name", s."kind", s."service", s."startNs", s."durationNs", s."statusCode",
          s."statusMessage", s."topic", s."consumerGroup", s."partition", s."offset", s."attributes", r."attributes" AS "resource",
          s."events", s."links"
        FROM "span" s LEFT JOIN "span_resource" r ON r."id" = s."resourceId"
        WHERE s."traceId" = ${id} ORDER BY s."startNs", s."spanId"`;
      return rows.map(rowToSpan);
    },

    async linkedTraceIds(traceId) {
      const id = traceId.toLowerCase();
      if (!HEX32.test(id)) return [];
      const rows = await prisma.$queryRaw<Array<{ id: string }>>`
        SELECT "linkedTraceId" AS id FROM "span_link" WHERE "traceId" = ${id}
        UNION
        SELECT "traceId" AS id FROM "span_link" WHERE "linkedTraceId" = ${id}`;
      return rows.map((r) => r.id).filter((x) => x !== id).sort();
    },
  };
}

// --- storage ------------------------------------------------------------------------------------

/** Spans per INSERT: bounded so that one statement's JSON stays a few MiB. */
const CHUNK = 5000;

/**
 * Inserts spans, their resources and their links to other traces in one statement: the rows travel
 * as JSON documents expanded by json_to_recordset (one parameter whatever the batch size, and
 * cheaper to pass through the driver and the embedded store than an array per column); resources
 * and links ride along in data-modifying CTEs. Spans sent again (exporter retries) are ignored.
 * $1 spans, $2 links, $3 resources.
 */
/**
 * How far a resource's lastStartMs may lag its newest span: the row is rewritten at most once a
 * minute per resource, not by every batch (fewer writes, and instances sharing a PostgreSQL server
 * seldom wait on each other's row locks). Retention allows for it.
 */
const RESOURCE_SLACK_MS = 60_000;

const insertSql = (spanConflict: string) => `
  WITH rs AS (
    INSERT INTO "span_resource" ("id", "attributes", "lastStartMs")
    SELECT id, a, ms FROM json_to_recordset($3::json) AS x(id text, a json, ms bigint)
    ON CONFLICT ("id") DO UPDATE SET "lastStartMs" = EXCLUDED."lastStartMs"
      WHERE "span_resource"."lastStartMs" + ${RESOURCE_SLACK_MS} < EXCLUDED."lastStartMs"
  ), l AS (
    INSERT INTO "span_link" ("traceId", "spanId", "linkedTraceId", "linkedSpanId", "startMs")
    SELECT t, s, lt, ls, ms FROM json_to_recordset($2::json) AS x(t text, s text, lt text, ls text, ms bigint)
    ON CONFLICT DO NOTHING
  )
  INSERT INTO "span" ("traceId", "spanId", "parentSpanId", "name", "kind", "service", "startNs", "durationNs", "startMs",
    "statusCode", "statusMessage", "topic", "consumerGroup", "partition", "offset", "attributes", "resourceId", "events", "links")
  SELECT t, s, p, n, k, sv, st, d, ms, sc, sm, tp, g, pt, o, a, r, e, l
  FROM json_to_recordset($1::json) AS x(t text, s text, p text, n text, k smallint, sv text, st bigint, d bigint, ms bigint,
    sc smallint, sm text, tp text, g text, pt int, o bigint, a text, r text, e text, l text)
  ${spanConflict}`;
const INSERT_SQL = insertSql("ON CONFLICT DO NOTHING");

/**
 * INSERT_SQL without the conflict check on span: about a tenth cheaper (no speculative insertion).
 * Tried first; a batch holding a span already stored (an exporter's retry) fails as a whole with a
 * unique violation and is sent again as INSERT_SQL, which skips what is there.
 */
const INSERT_FAST_SQL = insertSql("");

/** A unique violation (23505) from pg, or from Prisma's raw query around its driver adapter. */
export function isUniqueViolation(e: unknown): boolean {
  const x = e as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  return x?.code === "23505" || x?.meta?.driverAdapterError?.cause?.originalCode === "23505";
}

/** Stores one batch (at most CHUNK spans); answers how many were new. */
async function insertBatch(execute: Execute, spans: SpanRecord[]): Promise<number> {
  const params = insertParams(spans);
  try {
    return await execute(INSERT_FAST_SQL, params);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return execute(INSERT_SQL, params);
  }
}

/**
 * The id of a resource: the first 32 hex digits of the SHA-256 of its JSON text (what is stored).
 * The decoders share one attributes object among the spans of a ResourceSpans, so it is computed
 * once per resource and request.
 */
const resourceIds = new WeakMap<Attributes, { id: string; json: string }>();
function resourceKey(resource: Attributes): { id: string; json: string } {
  let k = resourceIds.get(resource);
  if (!k) {
    const json = JSON.stringify(resource);
    k = { id: createHash("sha256").update(json).digest("hex").slice(0, 32), json };
    resourceIds.set(resource, k);
  }
  return k;
}

/** The three parameters of INSERT_SQL for a batch (pure, but for resourceKey's cache). */
export function insertParams(spans: SpanRecord[]): [string, string, string] {
  const rows = new Array<unknown>(spans.length);
  const links: unknown[] = [];
  // One row per distinct resource (ON CONFLICT DO UPDATE may touch a row once per statement).
  const resources = new Map<string, { id: string; json: string; ms: bigint }>();
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    const msN = s.startNs / 1_000_000n;
    const ms = msN.toString();
    const res = resourceKey(s.resource);
    const seen = resources.get(res.id);
    if (!seen) resources.set(res.id, { ...res, ms: msN });
    else if (msN > seen.ms) seen.ms = msN;
    rows[i] = {
      t: s.traceId, s: s.spanId, p: s.parentSpanId, n: s.name, k: s.kind, sv: s.service,
      st: s.startNs.toString(), d: s.durationNs.toString(), ms,
      sc: s.statusCode, sm: s.statusMessage, tp: s.topic, g: s.consumerGroup,
      pt: s.partition !== null && s.partition <= 2_147_483_647 ? s.partition : null, o: s.offset,
      a: s.attributes, r: res.id,
      e: s.events.length ? s.events.map((e) => ({ timeNs: e.timeNs.toString(), name: e.name, attributes: e.attributes })) : [],
      l: s.links,
    };
    // Links within the trace are in span.links; span_link answers "which traces link to this one".
    for (const l of s.links) if (l.traceId !== s.traceId) links.push({ t: s.traceId, s: s.spanId, lt: l.traceId, ls: l.spanId, ms });
  }
  // In id order, so that concurrent statements lock resource rows in the same order (no deadlock).
  let res = "[";
  for (const r of [...resources.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) res += `${res.length > 1 ? "," : ""}{"id":"${r.id}","a":${r.json},"ms":"${r.ms}"}`;
  return [JSON.stringify(rows), JSON.stringify(links), `${res}]`];
}

/** Runs one statement with positional parameters and answers the affected row count. */
export type Execute = (sql: string, params: unknown[]) => Promise<number>;

/** Where received spans are written: inserts and retention, one statement at a time. */
export interface SpanWriter {
  /** Stores the spans; answers how many were new. */
  insert(spans: SpanRecord[]): Promise<number>;
  /**
   * Stores the spans, sharing a statement with other appends waiting at the same moment (group
   * commit: exporters send a few hundred spans per request, and one statement per request would
   * spend more on statements than on spans). Resolves once they are stored.
   */
  append(spans: SpanRecord[]): Promise<void>;
  prune(policy: RetentionPolicy, nowMs?: number): Promise<PruneResult>;
  close(): Promise<void>;
}

/**
 * A SpanWriter over any executor. Writes run one at a time: the embedded store is one PostgreSQL
 * session behind a socket server that interleaves the extended-protocol messages of concurrent
 * connections, and PGlite runs one statement at a time anyway, so this costs no throughput there;
 * on a PostgreSQL server it keeps retention from racing inserts.
 */
export function spanWriter(execute: Execute, close: () => Promise<void> = async () => undefined): SpanWriter {
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  let waiting: Array<{ spans: SpanRecord[]; done: (e?: unknown) => void }> = [];
  const flush = async () => {
    const batch = waiting;
    waiting = [];
    try {
      const all = batch.length === 1 ? batch[0]!.spans : batch.flatMap((b) => b.spans);
      for (let i = 0; i < all.length; i += CHUNK) await insertBatch(execute, all.slice(i, i + CHUNK));
      for (const b of batch) b.done();
    } catch (e) {
      for (const b of batch) b.done(e);
    }
  };
  return {
    append: (spans) =>
      new Promise<void>((resolve, reject) => {
        if (!spans.length) return resolve();
        // The first append of a group queues the flush; later ones join it until it starts.
        if (!waiting.length) void serially(flush);
        waiting.push({ spans, done: (e) => (e === undefined ? resolve() : reject(e)) });
      }),
    insert: (spans) =>
      serially(async () => {
        let inserted = 0;
        for (let i = 0; i < spans.length; i += CHUNK) inserted += await insertBatch(execute, spans.slice(i, i + CHUNK));
        return inserted;
      }),
    prune: (policy, nowMs = Date.now()) => serially(() => prune(execute, policy, nowMs)),
    close,
  };
}

const prismaWriters = new WeakMap<Db, SpanWriter>();

/**
 * The SpanWriter of a Prisma client. On the embedded store the statements go straight to the
 * client's one pg connection (sharedPool), skipping Prisma's query engine, which costs about a
 * quarter of the CPU of a bulk insert (bench/RESULTS.md); otherwise through the client (parameters
 * bound by Prisma; the SQL text is constant).
 */
export function prismaSpanWriter(prisma: Db): SpanWriter {
  let w = prismaWriters.get(prisma);
  if (!w) {
    w = spanWriter(async (sql, params) => {
      const pool = sharedPool(prisma);
      return pool ? ((await pool.query(sql, params)).rowCount ?? 0) : prisma.$executeRawUnsafe(sql, ...params);
    });
    prismaWriters.set(prisma, w);
  }
  return w;
}

/**
 * A SpanWriter on its own PostgreSQL connection, for the ingest path: bulk inserts skip the
 * Prisma query engine, which costs about a quarter of the CPU of an insert into the embedded store
 * (bench/RESULTS.md).
 */
export function pgSpanWriter(url: string): SpanWriter {
  const pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 30_000 });
  pool.on("error", (e) => console.error("flowlens: span writer connection:", e.message));
  return spanWriter(
    async (sql, params) => (await pool.query(sql, params)).rowCount ?? 0,
    () => pool.end(),
  );
}

/** Inserts spans through the Prisma client; answers how many were new. */
export function insertSpans(prisma: Db, spans: SpanRecord[]): Promise<number> {
  return prismaSpanWriter(prisma).insert(spans);
}

// --- retention ----------------------------------------------------------------------------------

export interface RetentionPolicy {
  retentionHours: number;
  maxSpans: number;
}

export interface PruneResult {
  deletedByAge: number;
  deletedByCount: number;
}

/**
 * Deletes spans (and links) that started more than retentionHours ago, then the oldest beyond
 * maxSpans. Ties at the count cut-off go too, so the store never holds more than maxSpans.
 */
export function pruneSpans(prisma: Db, policy: RetentionPolicy, nowMs: number = Date.now()): Promise<PruneResult> {
  return prismaSpanWriter(prisma).prune(policy, nowMs);
}

async function prune(execute: Execute, policy: RetentionPolicy, nowMs: number): Promise<PruneResult> {
  const cutoff = String(Math.floor(nowMs - policy.retentionHours * 3_600_000));
  const deletedByAge = await execute(`DELETE FROM "span" WHERE "startMs" < $1::bigint`, [cutoff]);
  await execute(`DELETE FROM "span_link" WHERE "startMs" < $1::bigint`, [cutoff]);
  // The span at position maxSpans, newest first, is the newest one that must go; deleting through
  // a subquery keeps this to one statement.
  const deletedByCount = await execute(
    `DELETE FROM "span" WHERE "startMs" <= (SELECT "startMs" FROM "span" ORDER BY "startMs" DESC OFFSET $1 LIMIT 1)`,
    [policy.maxSpans],
  );
  if (deletedByCount) {
    await execute(`DELETE FROM "span_link" WHERE "startMs" < (SELECT coalesce(min("startMs"), 0) FROM "span")`, []);
  }
  // Every stored span started at most RESOURCE_SLACK_MS after its resource's lastStartMs, and at or
  // after the oldest start left: a resource whose lastStartMs + slack is before that has no span left.
  if (deletedByAge || deletedByCount) {
    await execute(
      `DELETE FROM "span_resource" WHERE "lastStartMs" + ${RESOURCE_SLACK_MS} < (SELECT coalesce(min("startMs"), 9223372036854775807) FROM "span")`,
      [],
    );
  }
  return { deletedByAge, deletedByCount };
}

const PRUNE_EVERY_MS = 60_000;
const g = globalThis as unknown as { __flowlensTracePrune?: { lastMs: number; running: Promise<unknown> | null } };

/** Runs the writer's prune in the background at most once a minute per process, never inside a request. */
export function schedulePrune(writer: SpanWriter, policy: RetentionPolicy, now: () => number = Date.now): void {
  const state = (g.__flowlensTracePrune ??= { lastMs: -Infinity, running: null });
  const t = now();
  if (state.running || t - state.lastMs < PRUNE_EVERY_MS) return;
  state.lastMs = t;
  state.running = writer
    .prune(policy, t)
    .catch((e) => console.error("flowlens: trace retention failed:", e))
    .finally(() => {
      state.running = null;
    });
}

/** The prune started by the last ingest, if one is running (tests, shutdown). */
export function pendingPrune(): Promise<unknown> {
  return g.__flowlensTracePrune?.running ?? Promise.resolve();
}

/** Forget when the last prune ran, so that the next ingest prunes (tests). */
export function resetPruneClock(): void {
  if (g.__flowlensTracePrune) g.__flowlensTracePrune.lastMs = -Infinity;
}
