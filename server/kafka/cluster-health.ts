import { createKafka, type ClusterConfig } from "./client";

export type ClusterHealth =
  | { status: "up"; brokers: number; controller: number | null; clusterId: string }
  | { status: "down"; error: string };

/** Asks the cluster for its metadata; any failure within the timeout means "down". */
export async function checkClusterHealth(cfg: ClusterConfig, timeoutMs = 4000): Promise<ClusterHealth> {
  const admin = createKafka({ ...cfg, connectionTimeoutMs: Math.min(timeoutMs, 3000) }).admin();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms: check the broker addresses, and whether the listener expects TLS or SASL`)), timeoutMs);
    });
    const info = await Promise.race([
      (async () => {
        await admin.connect();
        return admin.describeCluster();
      })(),
      timeout,
    ]);
    return { status: "up", brokers: info.brokers.length, controller: info.controller, clusterId: info.clusterId };
  } catch (e) {
    return { status: "down", error: describeKafkaError(e) };
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}

export function describeKafkaError(e: unknown): string {
  const err = e as { name?: string; message?: string; type?: string };
  if (err?.name === "KafkaJSNumberOfRetriesExceeded" || err?.name === "KafkaJSConnectionError") {
    const message = err.message ?? "connection failed";
    if (/certificate|ssl|tls|handshake|pem/i.test(message)) {
      return `TLS handshake failed (${message}): check that the listener uses TLS, the CA certificate, and the client certificate and key`;
    }
    return `brokers unreachable (${message})`;
  }
  if (err?.type === "ILLEGAL_SASL_STATE") return `the listener does not use SASL (${err.message}): choose no SASL mechanism, or the broker's SASL port`;
  if (err?.type === "UNSUPPORTED_SASL_MECHANISM" || (err?.name === "KafkaJSSASLAuthenticationError" && /not supported/i.test(err.message ?? ""))) {
    return `the broker does not accept this SASL mechanism (${err.message})`;
  }
  if (err?.name === "KafkaJSSASLAuthenticationError") return "authentication failed: check the SASL username and password";
  return err?.message ?? String(e);
}
