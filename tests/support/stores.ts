import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { createClient, type Db } from "@/server/db/client";
import { startEmbeddedDb } from "@/server/db/embedded";
import { migrate, type Migration } from "@/server/db/migrate";

export interface TestStore {
  kind: "embedded" | "postgresql";
  url: string;
  db: Db;
  stop(): Promise<void>;
}

/**
 * A fresh, empty database for each store this machine can run: the embedded one always, PostgreSQL
 * when present; migrated to the latest schema, or with the migrations given (migration tests).
 */
export async function openStores(options: { migrations?: Migration[] } = {}): Promise<TestStore[]> {
  const stores: TestStore[] = [];

  const dir = mkdtempSync(join(tmpdir(), "flowlens-embedded-"));
  const embedded = await startEmbeddedDb(dir);
  stores.push(await ready("embedded", embedded.url, async () => {
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  }, options.migrations));

  const serverUrl = inject("postgresUrl");
  if (serverUrl) {
    const name = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = serverUrl.replace(/\/[^/]+$/, `/${name}`);
    stores.push(await ready("postgresql", url, async () => undefined, options.migrations));
  }
  return stores;
}

async function ready(kind: TestStore["kind"], url: string, stop: () => Promise<void>, migrations?: Migration[]): Promise<TestStore> {
  await migrate(url, migrations);
  const db = createClient(url);
  return {
    kind,
    url,
    db,
    async stop() {
      await db.$disconnect();
      await stop();
    },
  };
}
