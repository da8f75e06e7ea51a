import "server-only";
import { db } from "../db/client";
import { env } from "../env";
import { parseBrokers } from "../kafka/client";
import { checkClusterHealth, type ClusterHealth } from "../kafka/cluster-health";

export interface Health {
  status: "ok" | "degraded";
  database: { status: "up" | "down"; kind: "embedded" | "postgresql"; error?: string };
  kafka: ClusterHealth | { status: "not-configured" };
}

// Health is polled by load balancers and the UI; cache the Kafka probe briefly so that a burst
// of checks does not become a burst of broker connections.
let kafkaCache: { at: number; value: Health["kafka"] } | undefined;

async function kafkaHealth(): Promise<Health["kafka"]> {
  const brokers = env().KAFKA_BROKERS;
  if (!brokers) return { status: "not-configured" };
  if (kafkaCache && Date.now() - kafkaCache.at < 3000) return kafkaCache.value;
  const value = await checkClusterHealth({ brokers: parseBrokers(brokers), clientId: "flowlens-health" });
  kafkaCache = { at: Date.now(), value };
  return value;
}

export async function health(): Promise<Health> {
  const kind: Health["database"]["kind"] = env().DATABASE_URL ? "postgresql" : "embedded";
  const [database, kafka] = await Promise.all([
    db()
      .$queryRaw`SELECT 1`.then(() => ({ status: "up" as const, kind }))
      .catch(() => ({ status: "down" as const, kind, error: "database unreachable" })),
    kafkaHealth(),
  ]);
  const ok = database.status === "up" && kafka.status !== "down";
  return { status: ok ? "ok" : "degraded", database, kafka };
}
