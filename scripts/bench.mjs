#!/usr/bin/env node
// `npm run bench [name…]`: runs bench/*.bench.ts one after another (never two at once on 2 cores).
// Each prints its figures beside the reference it ran in the same run. Record results in bench/RESULTS.md.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureNpmDeps } from "./system-deps.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!ensureNpmDeps(root)) process.exit(1);
const only = process.argv.slice(2);
const files = readdirSync(join(root, "bench"))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => !only.length || only.some((o) => f.startsWith(o)))
  .sort();
if (!files.length) {
  console.error(`bench: nothing matches ${only.join(", ")}`);
  process.exit(2);
}
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
if (!existsSync(join(root, ".next", "BUILD_ID"))) {
  const b = spawnSync(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { cwd: root, env, stdio: "inherit" });
  if (b.status !== 0) process.exit(1);
}
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} (${new Date().toISOString()})`);
  const r = spawnSync(join(root, "node_modules", ".bin", "tsx"), [join("bench", f)], { cwd: root, env, stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
