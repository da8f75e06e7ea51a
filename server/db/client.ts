import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseUrl, isEmbeddedDatabaseUrl } from "./url";

// One client per process, kept on globalThis because Next.js may load this module in several
// bundles (route handlers, server components) within one server process.
const g = globalThis as unknown as { __flowlensPrisma?: PrismaClient; __flowlensEmbeddedPools?: WeakMap<PrismaClient, pg.Pool> };

export function db(): PrismaClient {
  g.__flowlensPrisma ??= createClient(databaseUrl());
  return g.__flowlensPrisma;
}

export function createClient(url: string): PrismaClient {
  if (!isEmbeddedDatabaseUrl(url)) return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  // One connection to the embedded store: its socket server must never see two statements
  // interleaved. Prisma and the bulk writers that skip its query engine share it (sharedPool):
  // the pool hands its one connection to one statement, or one transaction, at a time.
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // An idle connection that drops (the store stopping) is replaced on the next statement; without a
  // listener pg would raise it as an uncaught error.
  pool.on("error", (e) => console.error("flowlens: embedded database connection:", e.message));
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  (g.__flowlensEmbeddedPools ??= new WeakMap()).set(client, pool);
  return client;
}

/**
 * The embedded store's one-connection pool behind a client from createClient, while it is open;
 * undefined for PostgreSQL servers (open another connection there) and once the client disconnected.
 */
export function sharedPool(prisma: PrismaClient): pg.Pool | undefined {
  const pool = g.__flowlensEmbeddedPools?.get(prisma);
  return pool && !pool.ending && !pool.ended ? pool : undefined;
}

export type Db = PrismaClient;
