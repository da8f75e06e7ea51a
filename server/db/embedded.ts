// The embedded default store: PostgreSQL compiled to WebAssembly (PGlite), served on a Unix
// socket inside a 0700 directory so that only this user can reach it. The app talks to it
// through the same Prisma pg adapter and the same migrations as a real PostgreSQL server.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startEmbeddedDb(dataDir: string): Promise<EmbeddedDb> {
  const root = resolve(dataDir);
  const pgdata = join(root, "pgdata");
  const runDir = join(root, "run");
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  chmodSync(runDir, 0o700);

  // PGlite is single-process: two servers on one data directory would corrupt it.
  const lock = join(root, "db.lock");
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8"));
    if (pid && pid !== process.pid && pidAlive(pid)) {
      throw new Error(
        `The embedded database in ${root} is in use by process ${pid}. Stop that Flowlens, or set FLOWLENS_DATA_DIR to another directory.`,
      );
    }
  }
  writeFileSync(lock, String(process.pid), { mode: 0o600 });

  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await PGlite.create({ dataDir: pgdata });
  const socketPath = join(runDir, ".s.PGSQL.5432");
  rmSync(socketPath, { force: true });
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 32 });
  await server.start();
  chmodSync(socketPath, 0o600);

  return {
    url: `postgresql://postgres:postgres@${encodeURIComponent(runDir)}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
      rmSync(lock, { force: true });
    },
  };
}
