import { Kafka, logLevel, type KafkaConfig } from "kafkajs";

// kafkajs is imported only under server/kafka/; everything it returns is mapped to Flowlens types.

export interface ClusterConfig {
  brokers: string[];
  clientId?: string;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export function parseBrokers(list: string): string[] {
  return list
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
}

export function createKafka(cfg: ClusterConfig): Kafka {
  const config: KafkaConfig = {
    clientId: cfg.clientId ?? "flowlens",
    brokers: cfg.brokers,
    connectionTimeout: cfg.connectionTimeoutMs ?? 3000,
    requestTimeout: cfg.requestTimeoutMs ?? 10000,
    // Fail fast: callers decide whether to retry, and report "unreachable" meanwhile.
    retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1000 },
    logLevel: logLevel.NOTHING,
  };
  return new Kafka(config);
}
