// Starts a production Flowlens (built if needed) on a loopback port with a fresh data directory,
// for benchmarks. Traffic stays on 127.0.0.1.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ADMIN = { email: "bench@flowlens.local", password: "bench-password-1" };

export interface App {
  baseURL: string;
  stop(): Promise<void>;
}

export async function startApp(port = 3400, extraEnv: Record<string, string> = {}): Promise<App> {
  const dataDir = mkdtempSync(join(tmpdir(), "flowlens-bench-"));
  const baseURL = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      FLOWLENS_URL: baseURL,
      FLOWLENS_DATA_DIR: dataDir,
      FLOWLENS_ADMIN_EMAIL: ADMIN.email,
      FLOWLENS_ADMIN_PASSWORD: ADMIN.password,
      FLOWLENS_SIGNIN_RATE_LIMIT: "1000",
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("bench: Flowlens did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseURL,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? NaN };
}

export const ms = (x: number) => `${x.toFixed(0)} ms`;
