#!/usr/bin/env node
// `npm run demo`: everything from a fresh clone to a running Flowlens on http://localhost:3000.
//   install → local Kafka broker (when Java and Maven are here) → build → start, and how to sign in,
//   then live traffic on the broker from the sample flow's services (scripts/demo-traffic.mjs).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureNpmDeps } from "./system-deps.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!ensureNpmDeps(root)) process.exit(1);
const { canRunKafka, startKafka, stopKafka } = await import("./kafka.mjs");

const dataDir = process.env.FLOWLENS_DATA_DIR ?? join(root, ".flowlens");
const port = process.env.PORT ?? "3000";
const url = process.env.FLOWLENS_URL ?? `http://localhost:${port}`;
mkdirSync(dataDir, { recursive: true, mode: 0o700 });

// The demo admin's password is generated once and kept beside the demo data (0600), so every
// run can say how to sign in. A real deployment sets FLOWLENS_ADMIN_* or reads the first-run log.
const credsFile = join(dataDir, "demo-admin.json");
if (!existsSync(credsFile)) {
  writeFileSync(credsFile, JSON.stringify({ email: "admin@flowlens.local", password: randomBytes(12).toString("base64url") }), { mode: 0o600 });
}
const creds = JSON.parse(readFileSync(credsFile, "utf8"));
// The token the demo's services send their traces to Flowlens with (its OTLP receiver, /v1/traces).
if (!creds.otlpToken) {
  creds.otlpToken = randomBytes(24).toString("base64url");
  writeFileSync(credsFile, JSON.stringify(creds), { mode: 0o600 });
}

const env = {
  ...process.env,
  PORT: port,
  HOST: process.env.HOST ?? "127.0.0.1",
  FLOWLENS_URL: url,
  FLOWLENS_DATA_DIR: dataDir,
  FLOWLENS_ADMIN_EMAIL: creds.email,
  FLOWLENS_ADMIN_PASSWORD: creds.password,
  FLOWLENS_DEMO: "1",
  FLOWLENS_OTLP_TOKEN: process.env.FLOWLENS_OTLP_TOKEN ?? creds.otlpToken,
  NEXT_TELEMETRY_DISABLED: "1",
};

const kafkaDir = join(dataDir, "kafka");
let kafkaStarted = false;
if (env.KAFKA_BROKERS) {
  console.log(`demo: using the Kafka cluster at ${env.KAFKA_BROKERS}`);
} else if (canRunKafka()) {
  try {
    const { brokers } = await startKafka({ port: Number(process.env.KAFKA_PORT ?? 9092), dir: kafkaDir });
    env.KAFKA_BROKERS = brokers;
    kafkaStarted = true;
    console.log(`demo: local Kafka broker running at ${brokers}`);
  } catch (e) {
    console.warn(`demo: could not start the local Kafka broker (${e.message}).\ndemo: live features and demo traffic are off; Flowlens runs design-only.`);
  }
} else {
  console.warn("demo: Java and Maven were not found, so there is no local Kafka broker.\ndemo: live features and demo traffic are off; Flowlens runs design-only.");
}

let stopping = false;
// The traffic gets the user's environment (FLOWLENS_DEMO_*), not the app's admin password.
let traffic = null;
function startTraffic() {
  if (!env.KAFKA_BROKERS) return;
  traffic = spawn(process.execPath, [join(root, "scripts", "demo-traffic.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      // The services' traces go to Flowlens itself, so the demo shows live traces through the flow.
      OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? url,
      OTEL_EXPORTER_OTLP_HEADERS: process.env.OTEL_EXPORTER_OTLP_HEADERS ?? `Authorization=Bearer%20${env.FLOWLENS_OTLP_TOKEN}`,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  traffic.on("exit", (code) => {
    traffic = null;
    if (!stopping && code) console.warn(`demo: the live traffic stopped (exit code ${code}); Flowlens keeps running.`);
  });
}

const app = spawn(process.execPath, [join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
let ready = false;
app.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (!ready && String(chunk).includes("Ready in")) {
    ready = true;
    console.log(
      [
        "",
        "──────────────────────────────────────────────",
        `  Flowlens is running at ${url}`,
        `  Sign in as ${creds.email}`,
        `  password  ${creds.password}`,
        `  (kept in ${credsFile})`,
        `  Kafka: ${env.KAFKA_BROKERS ?? "off (design-only)"}`,
        "  Stop with Ctrl-C.",
        "──────────────────────────────────────────────",
        "",
      ].join("\n"),
    );
    startTraffic();
  }
});

async function stop(code) {
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  if (traffic) {
    // The services leave their groups while the broker is still there; it stops them within 15 s.
    const child = traffic;
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  }
  if (kafkaStarted) await stopKafka({ dir: kafkaDir });
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
app.on("exit", (code) => stop(code ?? 0));
