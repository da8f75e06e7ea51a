// Environment, validated once. Every server module reads configuration from here, never from
// process.env directly, so a bad value fails at start with a message naming the variable.
import { z } from "zod";

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgres:// or postgresql:// URL");

const brokerList = z
  .string()
  .refine(
    (v) => v.split(",").every((b) => /^[^\s:,]+:\d{1,5}$/.test(b.trim())),
    "must be a comma-separated list of host:port",
  );

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl.optional(),
  FLOWLENS_DATA_DIR: z.string().min(1).default(".flowlens"),
  FLOWLENS_SECRET_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, "must be 32 bytes, as 64 hex characters or base64")
    .optional(),
  FLOWLENS_ADMIN_EMAIL: z.email().optional(),
  FLOWLENS_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The URL people open; defaults to http://localhost:$PORT. Cookies are Secure when it is https. */
  FLOWLENS_URL: z.url().optional(),
  KAFKA_BROKERS: brokerList.optional(),
  /** Seed the "Order fulfilment" sample flow into an empty database (set by npm run demo). */
  FLOWLENS_DEMO: z.enum(["0", "1", "true", "false"]).default("0").transform((v) => v === "1" || v === "true"),
  /** Sign-in attempts allowed per client address per minute. */
  FLOWLENS_SIGNIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  /** How often each cluster's poller reads offsets, in milliseconds (one poller per cluster, shared by every tab). */
  FLOWLENS_POLL_INTERVAL_MS: z.coerce.number().int().min(500).max(300_000).default(5000),
  /** Bearer token Prometheus may use for /api/metrics, besides any user's API token. */
  FLOWLENS_METRICS_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
  /** Bearer token OTLP exporters send to /v1/traces; ingest answers 503 while it is unset. */
  FLOWLENS_OTLP_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
  /** Largest /v1/traces body accepted, compressed or not (and the cap on a gzip body once inflated). */
  FLOWLENS_OTLP_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(8 * 1024 * 1024),
  /** Most spans accepted in one /v1/traces request. */
  FLOWLENS_OTLP_MAX_SPANS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  /** Spans older than this many hours are deleted. */
  FLOWLENS_TRACE_RETENTION_HOURS: z.coerce.number().min(0.01).max(24 * 365).default(72),
  /** At most this many spans are kept; the oldest go first. */
  FLOWLENS_TRACE_MAX_SPANS: z.coerce.number().int().min(1).default(1_000_000),
  /** Read traces from this Jaeger query service (http://host:16686) instead of the built-in store. */
  FLOWLENS_TRACES_JAEGER_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  /** Read traces from this Tempo HTTP API (http://host:3200) instead of the built-in store. */
  FLOWLENS_TRACES_TEMPO_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
}).refine((e) => !(e.FLOWLENS_TRACES_JAEGER_URL && e.FLOWLENS_TRACES_TEMPO_URL), {
  path: ["FLOWLENS_TRACES_TEMPO_URL"],
  message: "set only one of FLOWLENS_TRACES_JAEGER_URL and FLOWLENS_TRACES_TEMPO_URL",
});

export type Env = z.infer<typeof envSchema> & { FLOWLENS_URL: string };

export function decodeKey(v: string): Buffer | null {
  const hex = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, "hex") : null;
  if (hex) return hex;
  const b64 = Buffer.from(v, "base64");
  return b64.length === 32 ? b64 : null;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset", as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid Flowlens configuration:\n${lines.join("\n")}`);
  }
  return { ...result.data, FLOWLENS_URL: result.data.FLOWLENS_URL ?? `http://localhost:${result.data.PORT}` };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
