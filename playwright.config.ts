import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";

// One fresh data directory per run; workers inherit it through the environment.
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "flowlens-e2e-"));
const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    ...devices["Desktop Chrome"],
    viewport: { width: 1440, height: 900 },
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: "node scripts/start.mjs",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      FLOWLENS_URL: baseURL,
      FLOWLENS_DATA_DIR: process.env.E2E_DATA_DIR,
      FLOWLENS_ADMIN_EMAIL: "admin@e2e.test",
      FLOWLENS_ADMIN_PASSWORD: "e2e-admin-password",
      // Every test signs in from 127.0.0.1; the production default (10/min) would throttle the suite.
      FLOWLENS_SIGNIN_RATE_LIMIT: "1000",
      FLOWLENS_POLL_INTERVAL_MS: "1000",
      // e2e/traces.spec.ts posts OTLP spans to /v1/traces with this token.
      FLOWLENS_OTLP_TOKEN: "e2e-otlp-token-0123456789abcdef",
      ...(process.env.KAFKA_BROKERS ? { KAFKA_BROKERS: process.env.KAFKA_BROKERS } : {}),
    },
  },
});
