import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseUrl, isEmbeddedDatabaseUrl } from "./url";

// One client per process, kept on globalThis because Next.js may load this module in several
// bundles (route handlers, server components) within one server process.
const g = globalThis as unknown as { __flowlensPrisma?: PrismaClient };

export function db(): PrismaClient {
  g.__flowlensPrisma ??= createClient(databaseUrl());
  return g.__flowlensPrisma;
}

export function createClient(url: string): PrismaClient {
  // One connection to the embedded store: its socket server must never see two statements interleaved.
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, ...(isEmbeddedDatabaseUrl(url) ? { max: 1 } : {}) }) });
}

export type Db = PrismaClient;
