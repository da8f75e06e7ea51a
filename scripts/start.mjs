#!/usr/bin/env node
// Starts the production server (`next start`), building first when there is no build.
// The embedded database, migrations and first admin are handled by the app itself at start
// (instrumentation.ts), so this works the same for the demo, the e2e tests and a deployment.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

if (!existsSync(join(root, ".next", "BUILD_ID"))) {
  console.log("flowlens: no build found; building…");
  const r = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, env, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = env.PORT ?? "3000";
const host = env.HOST ?? "127.0.0.1";
const child = spawn(process.execPath, [nextBin, "start", "-p", port, "-H", host], { cwd: root, env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
