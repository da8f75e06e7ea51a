#!/usr/bin/env node
// Live traffic for `npm run demo` (which starts this once the app and the broker are up): the
// sample flow's generated services, run against KAFKA_BROKERS until SIGINT or SIGTERM.
//   KAFKA_BROKERS=127.0.0.1:9092 node scripts/demo-traffic.mjs
// FLOWLENS_DEMO_RATE (orders/s, default 10), FLOWLENS_DEMO_VERBOSE=1 (the services' logs),
// FLOWLENS_DEMO_TRAFFIC=0 (off). The TypeScript runs through tsx, as the CLI does.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: join(root, "tsconfig.json") });
const { parseTrafficEnv, startDemoTraffic } = await import("../server/demo/traffic.ts");

let settings;
try {
  settings = parseTrafficEnv(process.env);
} catch (e) {
  console.error(`demo: ${e.message}`);
  process.exit(2);
}
if (!settings.FLOWLENS_DEMO_TRAFFIC) {
  console.log("demo: no live traffic (FLOWLENS_DEMO_TRAFFIC=0).");
  process.exit(0);
}
const brokers = (process.env.KAFKA_BROKERS ?? "").split(",").map((b) => b.trim()).filter(Boolean);
if (!brokers.length) {
  console.log("demo: no Kafka broker (KAFKA_BROKERS), so no live traffic.");
  process.exit(0);
}

let traffic;
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await traffic?.stop();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

try {
  traffic = await startDemoTraffic({
    brokers,
    dir: join(root, ".flowlens", "demo-stubs"),
    rate: settings.FLOWLENS_DEMO_RATE,
    verbose: settings.FLOWLENS_DEMO_VERBOSE,
    otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
    otlpHeaders: process.env.OTEL_EXPORTER_OTLP_HEADERS || undefined,
  });
} catch (e) {
  console.error(`demo: the live traffic did not start: ${e.message}`);
  process.exit(1);
}
console.log(
  [
    `demo: live traffic on ${brokers.join(",")}:`,
    ...traffic.summary.map((line) => `demo:   ${line}`),
    "demo:   FLOWLENS_DEMO_VERBOSE=1 shows the services' logs; FLOWLENS_DEMO_TRAFFIC=0 turns the traffic off.",
  ].join("\n"),
);
