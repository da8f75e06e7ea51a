#!/usr/bin/env node
// `npm test`: installs what is needed, then runs every test against real parts.
//   typecheck → lint → unit → integration (real Kafka broker, embedded store, PostgreSQL) → build → e2e (Chromium)
// Ends with one line "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureNpmDeps, ensureSystemDeps } from "./system-deps.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(join(tmpdir(), "flowlens-test-"));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.env.CI ? "0" : "1" };
const bin = (name) => join(root, "node_modules", ".bin", name);
const started = Date.now();
const totals = { passed: 0, failed: 0, skipped: 0 };
const steps = [];

function run(label, cmd, args, extraEnv = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: "inherit" });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  steps.push(`${r.status === 0 ? "✔" : "✘"} ${label} (${secs}s)`);
  return r.status === 0;
}

function countVitest(file) {
  if (!existsSync(file)) return false;
  const j = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += j.numPassedTests;
  totals.failed += j.numFailedTests;
  totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
  return true;
}

function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const s = JSON.parse(readFileSync(file, "utf8")).stats;
  totals.passed += s.expected + s.flaky;
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
  return true;
}

function finish(ok) {
  console.log(`\n${steps.join("\n")}`);
  console.log(`total ${((Date.now() - started) / 1000).toFixed(0)}s`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  rmSync(work, { recursive: true, force: true });
  process.exit(ok && totals.failed === 0 ? 0 : 1);
}

// 1. Dependencies: npm packages when the lockfile is newer than the install; Debian packages when missing.
if (!ensureNpmDeps(root)) finish(false);
if (!existsSync(join(root, "generated", "prisma", "client.ts"))) {
  run("generate Prisma client", process.execPath, ["scripts/prisma.mjs", "generate"]);
}
const missing = ensureSystemDeps();
if (missing.length) {
  console.error(`\nnpm test needs these Debian packages: ${missing.join(", ")}\n  sudo apt-get install -y ${missing.join(" ")}`);
  process.exit(1);
}

// 2. Static checks and unit tests: fail fast, before starting any server.
let ok = run("typecheck", bin("tsc"), ["--noEmit"]) && run("lint", bin("eslint"), [".", "--max-warnings=0"]);
const unitJson = join(work, "unit.json");
ok = run("unit tests", bin("vitest"), ["run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${unitJson}`]) && ok;
countVitest(unitJson);
if (!ok) finish(false);

// 3. A real broker for the integration and e2e tests.
const { startKafka, stopKafka } = await import("./kafka.mjs");
const kafkaDir = join(work, "kafka");
const kafkaPort = 29092 + (process.pid % 500) * 2;
let brokers;
try {
  const t0 = Date.now();
  ({ brokers } = await startKafka({ port: kafkaPort, dir: kafkaDir }));
  steps.push(`✔ start Kafka 4.1 broker (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
} catch (e) {
  console.error(e.message);
  steps.push("✘ start Kafka broker");
  finish(false);
}
const kafkaEnv = { KAFKA_BROKERS: brokers, FLOWLENS_KAFKA_DIR: kafkaDir };
try {
  const itJson = join(work, "integration.json");
  ok =
    run("integration tests (Kafka, embedded store, PostgreSQL)", bin("vitest"), [
      "run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${itJson}`,
    ], kafkaEnv) && ok;
  if (!countVitest(itJson)) ok = false;

  ok = run("build", bin("next"), ["build"]) && ok;
  if (ok) {
    const e2eJson = join(work, "e2e.json");
    ok = run("end-to-end tests (Chromium)", bin("playwright"), ["test", "--reporter=list,json"], { ...kafkaEnv, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson }) && ok;
    if (!countPlaywright(e2eJson)) ok = false;
  }
} finally {
  await stopKafka({ dir: kafkaDir });
}
finish(ok);
