#!/usr/bin/env node
// Runs the Prisma CLI offline: points the engine variables at an existing file so that the
// CLI does not try to download engines it does not use (the JS engine and WASM schema engine).
//   generate            -> generated/prisma
//   diff NAME           -> prisma/migrations/NNNN_NAME/migration.sql, from the previous schema snapshot
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync, copyFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = {
  ...process.env,
  PRISMA_QUERY_ENGINE_LIBRARY: join(root, "package.json"),
  PRISMA_SCHEMA_ENGINE_BINARY: join(root, "package.json"),
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
  DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://localhost/flowlens",
};
const prismaBin = join(root, "node_modules", "prisma", "build", "index.js");

// Async, because `diff` serves the database from this same process while the CLI runs.
function prisma(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [prismaBin, ...args], { cwd: root, env });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      if (code !== 0) {
        process.stderr.write(out + err);
        process.exit(code ?? 1);
      }
      resolve(out);
    });
  });
}

const [cmd, name] = process.argv.slice(2);
if (cmd === "generate") {
  if (!existsSync(prismaBin)) process.exit(0); // partial install (e.g. --omit=dev tooling); nothing to do
  await prisma(["generate", "--no-hints"]);
  console.log("prisma: client generated in generated/prisma");
} else if (cmd === "diff") {
  // The WASM schema engine needs a live connection even to diff two schema files, so give it
  // a throwaway in-memory PGlite.
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 4 });
  await server.start();
  env.DATABASE_URL = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: npm run db:diff -- <snake_case_name>");
    process.exit(2);
  }
  const migDir = join(root, "prisma", "migrations");
  const snapshot = join(migDir, "schema.snapshot.prisma");
  const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = await prisma(["migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"]);
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
    console.log("schema unchanged; no migration written");
    await server.stop();
    process.exit(0);
  }
  const n = readdirSync(migDir).filter((d) => /^\d{4}_/.test(d)).length + 1;
  const dir = join(migDir, `${String(n).padStart(4, "0")}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  copyFileSync(join(root, "prisma", "schema.prisma"), snapshot);
  console.log(`wrote ${dir}/migration.sql`);
  await server.stop();
  await db.close();
} else {
  console.error("usage: node scripts/prisma.mjs generate | diff NAME");
  process.exit(2);
}
