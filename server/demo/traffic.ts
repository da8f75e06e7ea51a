// Live traffic for `npm run demo`: the sample flow's generated TypeScript stubs, with the demo's
// handlers (handlers.ts), compiled once and run as real services against the demo broker. A
// newcomer then sees throughput, a consumer falling behind and dead letters within a minute.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { z } from "zod";
import { isTopicLike, type FlowDoc } from "../flow/model";
import { orderFulfilmentFlow } from "../flow/samples/order-fulfilment";
import { generateTypeScriptStubs, planApp, type GeneratedFile } from "../flow/stubs/typescript";
import { createKafka } from "../kafka/client";
import { DEMO_DEFAULTS, demoHandlers, HANDLER_ENV, SLOW_APP } from "./handlers";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const HASH_FILE = ".demo-stubs.sha256";
const RESTART_MAX_MS = 30_000;
/** A service that ran this long before exiting is restarted without the accumulated backoff. */
const HEALTHY_AFTER_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** The demo's settings, from the environment, checked once. */
export const trafficEnvSchema = z.object({
  FLOWLENS_DEMO_TRAFFIC: z.enum(["0", "1", "true", "false"]).default("1").transform((v) => v === "1" || v === "true"),
  FLOWLENS_DEMO_RATE: z.coerce.number().positive().max(1000).default(10),
  FLOWLENS_DEMO_VERBOSE: z.enum(["0", "1", "true", "false"]).default("0").transform((v) => v === "1" || v === "true"),
});
export type TrafficEnv = z.infer<typeof trafficEnvSchema>;

export function parseTrafficEnv(source: Record<string, string | undefined>): TrafficEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = trafficEnvSchema.safeParse(cleaned);
  if (!result.success) throw new Error(`Invalid demo settings:\n${result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  return result.data;
}

export interface DemoTrafficOptions {
  brokers: string[];
  /** Where the stub projects are written and compiled (kept between runs as a cache). */
  dir: string;
  /** The flow to run; the sample flow by default. It must have the sample's applications. */
  doc?: FlowDoc;
  /** Orders per second. */
  rate?: number;
  /** Every n-th order is poison. */
  poisonEvery?: number;
  /** How long the slow consumer takes per record. */
  slowMs?: number;
  /** Show every service's log, not only its errors. */
  verbose?: boolean;
  /** OTLP/HTTP endpoint for the services' spans; tracing is off without one. */
  otlpEndpoint?: string;
  /** OTEL_EXPORTER_OTLP_HEADERS for the services, e.g. the Bearer token of Flowlens's receiver. */
  otlpHeaders?: string;
  log?: (line: string) => void;
}

export interface DemoTraffic {
  /** The applications, each running as its own process (or processes: see SLOW_APP). */
  readonly apps: readonly string[];
  /** What runs, in a few lines for a newcomer. */
  readonly summary: readonly string[];
  /** Process ids of the services running now. */
  pids(): number[];
  /** Stops every service (SIGTERM, then SIGKILL after 15 s) and resolves when all have exited. */
  stop(): Promise<void>;
}

interface DemoApp {
  app: string;
  directory: string;
  /** How many processes run it. */
  instances: number;
}

/** The slow consumer runs one instance per partition of the topic it reads; the others one each. */
function instancesOf(doc: FlowDoc, app: string): number {
  if (app !== SLOW_APP) return 1;
  const topic = planApp(doc, app).groups[0]?.subscriptions[0]?.topic;
  return doc.nodes.filter(isTopicLike).find((t) => t.name === topic)?.partitions ?? 1;
}

/** The stub projects of the demo's applications, with the demo's handlers in place of the defaults. */
export async function demoStubFiles(doc: FlowDoc): Promise<{ apps: DemoApp[]; files: GeneratedFile[] }> {
  const handlers = demoHandlers(doc);
  const apps: DemoApp[] = [];
  const files: GeneratedFile[] = [];
  for (const [app, source] of handlers) {
    const { directory } = planApp(doc, app);
    apps.push({ app, directory, instances: instancesOf(doc, app) });
    for (const f of await generateTypeScriptStubs(doc, app)) {
      files.push({ path: `${directory}/${f.path}`, content: f.path === "src/handlers.ts" ? source : f.content });
    }
  }
  return { apps, files };
}

function hashOf(files: GeneratedFile[]): string {
  const h = createHash("sha256");
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) h.update(`${f.path}\0${f.content}\0`);
  return h.digest("hex");
}

/**
 * Writes and compiles the projects under `dir`, unless what is there was compiled from the same
 * files. Returns whether it compiled.
 */
export async function prepareStubs(dir: string, apps: DemoApp[], files: GeneratedFile[]): Promise<boolean> {
  const root = resolve(dir);
  const hash = hashOf(files);
  const hashFile = join(root, HASH_FILE);
  const built = apps.every((a) => existsSync(join(root, a.directory, "dist", "main.js")));
  if (built && existsSync(hashFile) && readFileSync(hashFile, "utf8").trim() === hash) return false;
  rmSync(hashFile, { force: true });
  for (const a of apps) rmSync(join(root, a.directory), { recursive: true, force: true });
  for (const f of files) {
    const target = join(root, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
  // The stubs' dependencies are the repository's own; Node and tsc find them by walking up,
  // or through this link when the projects live outside the repository.
  const rel = relative(repo, root);
  if ((rel.startsWith("..") || isAbsolute(rel)) && !existsSync(join(root, "node_modules"))) {
    symlinkSync(join(repo, "node_modules"), join(root, "node_modules"), "dir");
  }
  const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");
  try {
    await promisify(execFile)(process.execPath, [tsc, "-b", ...apps.map((a) => join(root, a.directory))], { cwd: root });
  } catch (e) {
    const out = (e as { stdout?: string }).stdout?.trim();
    throw new Error(`the demo's stubs do not compile${out ? `:\n${out.split("\n").slice(0, 20).join("\n")}` : ` (${(e as Error).message})`}`);
  }
  writeFileSync(hashFile, `${hash}\n`);
  return true;
}

/** Creates the flow's topics and dead-letter queues as designed, leaving existing ones alone. Returns those it created. */
export async function ensureTopics(brokers: string[], doc: FlowDoc): Promise<string[]> {
  const admin = createKafka({ brokers, clientId: "flowlens-demo" }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const brokerCount = (await admin.describeCluster()).brokers.length;
    const wanted = doc.nodes.filter(isTopicLike).filter((t) => !existing.has(t.name));
    if (!wanted.length) return [];
    await admin.createTopics({
      waitForLeaders: true,
      topics: wanted.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        // A single-broker demo cluster cannot hold the designed replicas.
        replicationFactor: Math.min(t.replicationFactor, brokerCount),
        configEntries: [
          { name: "retention.ms", value: String(t.retentionMs) },
          { name: "cleanup.policy", value: t.cleanupPolicy },
        ],
      })),
    });
    return wanted.map((t) => t.name);
  } finally {
    await admin.disconnect();
  }
}

/** One service's JSON log line, as `[app] level msg key=value…`. */
export function formatLogLine(app: string, line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `[${app}] ${line}`;
  }
  if (!entry || typeof entry !== "object") return `[${app}] ${line}`;
  const { time: _time, app: _app, level, msg, ...fields } = entry;
  const rest = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  return [`[${app}]`, String(level ?? "info"), String(msg ?? ""), ...rest].join(" ");
}

/**
 * Whether a log line is an error of the service itself. kafkajs's own errors are left to verbose
 * mode: it logs transient ones (a group coordinator still starting) that it then retries.
 */
function isServiceError(line: string): boolean {
  try {
    const entry = JSON.parse(line) as { level?: unknown; logger?: unknown };
    return entry.level === "error" && entry.logger !== "kafkajs";
  } catch {
    return false;
  }
}

/** The pause before restart number `attempt` (1-based): 1 s, doubling, at most 30 s. */
export function restartDelay(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), RESTART_MAX_MS);
}

class Service {
  private child: ChildProcess | null = null;
  private attempts = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private readonly stderr: string[] = [];

  constructor(
    readonly app: string,
    private readonly main: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly verbose: boolean,
    private readonly log: (line: string) => void,
  ) {}

  get pid(): number | null {
    return this.child && this.child.exitCode === null && this.child.signalCode === null ? (this.child.pid ?? null) : null;
  }

  start(): void {
    if (this.stopping) return;
    const startedAt = Date.now();
    // Its own process group: Ctrl-C reaches the supervisor, which stops each service exactly once.
    const child = spawn(process.execPath, [this.main], { cwd: dirname(dirname(this.main)), env: this.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    this.child = child;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (this.verbose || isServiceError(line)) this.log(formatLogLine(this.app, line));
    });
    createInterface({ input: child.stderr! }).on("line", (line) => {
      this.stderr.push(line);
      if (this.stderr.length > 20) this.stderr.shift();
      if (this.verbose) this.log(`[${this.app}] ${line}`);
    });
    child.on("error", (e) => this.log(`[${this.app}] could not start: ${e.message}`));
    child.on("exit", (code, signal) => {
      if (this.stopping) return;
      if (Date.now() - startedAt > HEALTHY_AFTER_MS) this.attempts = 0;
      const delay = restartDelay(++this.attempts);
      const tail = this.verbose ? [] : this.stderr.slice(-5).map((l) => `[${this.app}]   ${l}`);
      this.log([`[${this.app}] exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s`, ...tail].join("\n"));
      this.stderr.length = 0;
      this.timer = setTimeout(() => this.start(), delay);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    child.kill("SIGTERM");
    const kill = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(kill);
  }

  /** Last resort when the supervisor itself exits: no service outlives it. */
  killNow(): void {
    if (this.pid !== null) this.child!.kill("SIGKILL");
  }
}

/** Generates, compiles, creates the topics, then starts every application and keeps it running. */
export async function startDemoTraffic(options: DemoTrafficOptions): Promise<DemoTraffic> {
  const log = options.log ?? ((line: string) => console.log(line));
  const doc = options.doc ?? orderFulfilmentFlow();
  const { rate = DEMO_DEFAULTS.rate, poisonEvery = DEMO_DEFAULTS.poisonEvery, slowMs = DEMO_DEFAULTS.slowMs } = options;
  const t = Date.now();
  const { apps, files } = await demoStubFiles(doc);
  if (await prepareStubs(options.dir, apps, files)) log(`demo: compiled the sample flow's services in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  await ensureTopics(options.brokers, doc);

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    KAFKA_BROKERS: options.brokers.join(","),
    LOG_LEVEL: options.verbose ? "info" : "error",
    SHUTDOWN_TIMEOUT_MS: "10000",
    ...(options.otlpEndpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint } : { OTEL_SDK_DISABLED: "true" }),
    ...(options.otlpEndpoint && options.otlpHeaders ? { OTEL_EXPORTER_OTLP_HEADERS: options.otlpHeaders } : {}),
    [HANDLER_ENV.rate]: String(rate),
    [HANDLER_ENV.poisonEvery]: String(poisonEvery),
    [HANDLER_ENV.slowMs]: String(slowMs),
  };
  const root = resolve(options.dir);
  const services = apps.flatMap((a) =>
    Array.from({ length: a.instances }, (_, i) => new Service(a.instances > 1 ? `${a.app}#${i + 1}` : a.app, join(root, a.directory, "dist", "main.js"), env, options.verbose ?? false, log)),
  );
  const killAll = () => services.forEach((s) => s.killNow());
  process.once("exit", killAll);
  for (const s of services) s.start();

  const dlq = planApp(doc, "fulfilment").groups[0]?.deadLetterTopic;
  const slow = apps.find((a) => a.app === SLOW_APP);
  const summary = [
    `order-service places ${rate} orders/s; 1 in ${poisonEvery} is for a discontinued item, which fulfilment refuses: it ends in ${dlq}.`,
    `${SLOW_APP} is slow (${slowMs} ms an order, ${slow?.instances ?? 1} instances, one per partition), so its lag grows; the others keep up.`,
  ];
  let stopped: Promise<void> | undefined;
  return {
    apps: apps.map((a) => a.app),
    summary,
    pids: () => services.flatMap((s) => (s.pid === null ? [] : [s.pid])),
    stop() {
      stopped ??= Promise.all(services.map((s) => s.stop())).then(() => void process.off("exit", killAll));
      return stopped;
    },
  };
}
