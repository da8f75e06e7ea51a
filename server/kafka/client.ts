import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from "kafkajs";
import type { SaslMechanism } from "./connection-settings";

// kafkajs is imported only under server/kafka/; everything it returns is mapped to Flowlens types.

export interface ClusterConfig {
  brokers: string[];
  clientId?: string;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  /** TLS to the brokers; PEM text, not file paths. Without `ca`, Node's default roots are trusted. */
  ssl?: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean };
}

export function parseBrokers(list: string): string[] {
  return list
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
}

export function toKafkaConfig(cfg: ClusterConfig): KafkaConfig {
  const config: KafkaConfig = {
    clientId: cfg.clientId ?? "flowlens",
    brokers: cfg.brokers,
    connectionTimeout: cfg.connectionTimeoutMs ?? 3000,
    requestTimeout: cfg.requestTimeoutMs ?? 10000,
    // Fail fast: callers decide whether to retry, and report "unreachable" meanwhile.
    retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1000 },
    logLevel: logLevel.NOTHING,
  };
  if (cfg.sasl) {
    const { mechanism, username, password } = cfg.sasl;
    // Each of our mechanisms takes exactly { username, password }; TS cannot see through the union.
    config.sasl = { mechanism, username, password } as SASLOptions;
    // A wrong mechanism or a silent broker should not hold a connection test for kafkajs's 10 s default.
    config.authenticationTimeout = Math.min(cfg.requestTimeoutMs ?? 10000, 5000);
  }
  if (cfg.ssl) {
    const { ca, cert, key, rejectUnauthorized } = cfg.ssl;
    config.ssl = {
      rejectUnauthorized,
      ...(ca ? { ca: [ca] } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
    };
  }
  return config;
}

export function createKafka(cfg: ClusterConfig): Kafka {
  return new Kafka(toKafkaConfig(cfg));
}
