// Starts the real parts the integration tests need: an Apache Kafka broker (unless
// KAFKA_BROKERS names one already) and a PostgreSQL server (unless TEST_POSTGRES_URL is set,
// and only when Debian's binaries are present). The embedded store is started per test file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { canRunKafka, startKafka, stopKafka } from "../../scripts/kafka.mjs";
import { canRunPostgres, startPostgres, stopPostgres } from "../../scripts/postgres.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    kafkaBrokers: string;
    kafkaDir: string;
    postgresUrl: string | null;
  }
}

function freePortBase(): number {
  // Spread concurrent runs (a demo, a second checkout) over a range instead of one fixed port.
  return 20000 + (process.pid % 2000) * 4;
}

export default async function setup(project: TestProject) {
  const cleanups: Array<() => Promise<void> | void> = [];
  const work = mkdtempSync(join(tmpdir(), "flowlens-it-"));

  let brokers = process.env.KAFKA_BROKERS;
  let kafkaDir = process.env.FLOWLENS_KAFKA_DIR ?? "";
  if (!brokers) {
    if (!canRunKafka()) throw new Error("Integration tests need Java and Maven to run the real Kafka broker (see README).");
    kafkaDir = join(work, "kafka");
    ({ brokers } = await startKafka({ port: freePortBase(), dir: kafkaDir }));
    cleanups.push(async () => void (await stopKafka({ dir: kafkaDir })));
  }
  project.provide("kafkaBrokers", brokers!);
  project.provide("kafkaDir", kafkaDir);

  let pgUrl = process.env.TEST_POSTGRES_URL ?? null;
  if (!pgUrl && canRunPostgres()) {
    const pgDir = join(work, "pg");
    try {
      pgUrl = startPostgres({ dir: pgDir, port: freePortBase() + 2 });
    } catch (e) {
      for (const c of cleanups) await c(); // don't leave the broker running when setup fails
      throw e;
    }
    cleanups.push(() => stopPostgres({ dir: pgDir }));
  } else if (!pgUrl) {
    if (process.env.CI) throw new Error("CI must test PostgreSQL: install it (apt-get install postgresql).");
    console.warn("integration: PostgreSQL binaries not found; data-layer tests run on the embedded store only.");
  }
  project.provide("postgresUrl", pgUrl);

  return async () => {
    for (const c of cleanups.reverse()) await c();
    rmSync(work, { recursive: true, force: true });
  };
}
