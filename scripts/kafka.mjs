#!/usr/bin/env node
// A real single-node Apache Kafka 4.1 broker (KRaft) on 127.0.0.1, from Maven Central jars.
//   node scripts/kafka.mjs start [--port 9092] [--dir .flowlens/kafka]
//   node scripts/kafka.mjs stop  [--dir .flowlens/kafka]
// Also imported by the test setup, the demo and the benchmarks.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const here = join(root, "scripts", "kafka");
export const libsDir = join(root, ".cache", "kafka", "libs");

function has(cmd) {
  return spawnSync(cmd, ["-version"], { stdio: "ignore" }).status === 0;
}

/** Whether this machine can run the broker at all (Java, plus Maven unless the jars are cached). */
export function canRunKafka() {
  return has("java") && (libsReady() || spawnSync("mvn", ["-v"], { stdio: "ignore" }).status === 0);
}

function libsReady() {
  return existsSync(libsDir) && readdirSync(libsDir).some((f) => f.startsWith("kafka_2.13-4.1"));
}

/** Collects the broker classpath once into .cache/kafka/libs (Maven keeps its own cache in ~/.m2). */
export function ensureKafkaLibs({ quiet = false } = {}) {
  if (libsReady()) return libsDir;
  if (!quiet) console.log("kafka: fetching Apache Kafka 4.1.1 jars from Maven Central (once)…");
  mkdirSync(libsDir, { recursive: true });
  execFileSync(
    "mvn",
    [
      "-B", "-q", "-f", join(here, "pom.xml"),
      "org.apache.maven.plugins:maven-dependency-plugin:3.7.1:copy-dependencies",
      "-DincludeScope=runtime", `-DoutputDirectory=${libsDir}`,
    ],
    { stdio: quiet ? "ignore" : "inherit" },
  );
  return libsDir;
}

function javaArgs(heap = "768m") {
  return ["-cp", `${libsDir}/*`, "-Xms256m", `-Xmx${heap}`, `-Dlog4j2.configurationFile=${join(here, "log4j2.properties")}`];
}

/** Runs one of Kafka's own command-line tools (e.g. ConsumerGroupCommand) from the same jars. */
export function kafkaToolArgs(mainClass, args) {
  return [...javaArgs("512m"), mainClass, ...args];
}

function portOpen(port) {
  return new Promise((res) => {
    const s = connect({ host: "127.0.0.1", port }, () => (s.destroy(), res(true)));
    s.on("error", () => res(false));
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a broker on 127.0.0.1:port with its data in dir (formatted on first start, kept after).
 * Resolves with { brokers, pid } once the broker accepts connections.
 */
export async function startKafka({ port = 9092, dir = join(root, ".flowlens", "kafka"), timeoutMs = 120_000 } = {}) {
  dir = resolve(dir);
  ensureKafkaLibs();
  mkdirSync(dir, { recursive: true });
  const pidFile = join(dir, "kafka.pid");
  if (existsSync(pidFile) && alive(Number(readFileSync(pidFile, "utf8")))) {
    if (await portOpen(port)) return { brokers: `127.0.0.1:${port}`, pid: Number(readFileSync(pidFile, "utf8")) };
    throw new Error(`kafka: a broker from ${dir} is running but not on port ${port}; stop it first`);
  }
  if (await portOpen(port)) throw new Error(`kafka: port ${port} is already in use; choose another with --port`);
  const controller = port + 1;
  const props = join(dir, "server.properties");
  writeFileSync(
    props,
    [
      "process.roles=broker,controller",
      "node.id=1",
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      "controller.listener.names=CONTROLLER",
      "inter.broker.listener.name=PLAINTEXT",
      "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
      `log.dirs=${join(dir, "data")}`,
      "num.partitions=1",
      "offsets.topic.replication.factor=1",
      "offsets.topic.num.partitions=1",
      "transaction.state.log.replication.factor=1",
      "transaction.state.log.min.isr=1",
      "share.coordinator.state.topic.replication.factor=1",
      "share.coordinator.state.topic.min.isr=1",
      "group.initial.rebalance.delay.ms=0",
      "auto.create.topics.enable=true",
      "",
    ].join("\n"),
  );
  if (!existsSync(join(dir, "data", "meta.properties"))) {
    const uuid = execFileSync("java", [...javaArgs("256m"), "kafka.tools.StorageTool", "random-uuid"], { encoding: "utf8" })
      .trim()
      .split("\n")
      .pop();
    execFileSync("java", [...javaArgs("256m"), "kafka.tools.StorageTool", "format", "-t", uuid, "-c", props], {
      stdio: "ignore",
    });
  }
  const logFile = join(dir, "kafka.log");
  rmSync(logFile, { force: true });
  const out = openSync(logFile, "a");
  const child = spawn("java", [...javaArgs(), "kafka.Kafka", props], { detached: true, stdio: ["ignore", out, out] });
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const log = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
    if (log.includes("Kafka Server started") && (await portOpen(port))) {
      return { brokers: `127.0.0.1:${port}`, pid: child.pid };
    }
    if (!alive(child.pid)) throw new Error(`kafka: the broker exited during start; see ${logFile}\n${log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`kafka: the broker did not start within ${timeoutMs / 1000}s; see ${logFile}`);
}

/** Stops the broker started from dir: SIGTERM (a clean shutdown), SIGKILL after 30 s. */
export async function stopKafka({ dir = join(root, ".flowlens", "kafka") } = {}) {
  const pidFile = join(resolve(dir), "kafka.pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8"));
  if (alive(pid)) {
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + 30_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (alive(pid)) process.kill(pid, "SIGKILL");
  }
  rmSync(pidFile, { force: true });
  return true;
}

function flag(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2];
  const dir = flag("--dir", process.env.FLOWLENS_KAFKA_DIR ?? join(root, ".flowlens", "kafka"));
  const port = Number(flag("--port", process.env.KAFKA_PORT ?? "9092"));
  try {
    if (cmd === "start") {
      if (!Number.isInteger(port) || port < 1 || port > 65534) throw new Error("kafka: --port must be 1–65534");
      const t0 = Date.now();
      const { brokers } = await startKafka({ port, dir });
      console.log(`kafka: broker ready at ${brokers} in ${((Date.now() - t0) / 1000).toFixed(1)}s (data in ${dir})`);
    } else if (cmd === "stop") {
      console.log((await stopKafka({ dir })) ? "kafka: stopped" : "kafka: no broker was running from " + dir);
    } else {
      console.error("usage: node scripts/kafka.mjs start|stop [--port N] [--dir DIR]");
      process.exit(2);
    }
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
