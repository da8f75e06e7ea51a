// Pure checks for what an admin types into a cluster connection; no kafkajs here, so the browser
// form and the server share them.

export const saslMechanisms = ["plain", "scram-sha-256", "scram-sha-512"] as const;
export type SaslMechanism = (typeof saslMechanisms)[number];

export const saslMechanismLabels: Record<SaslMechanism, string> = {
  plain: "PLAIN",
  "scram-sha-256": "SCRAM-SHA-256",
  "scram-sha-512": "SCRAM-SHA-512",
};

const hostname = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const ipv6 = /^[0-9A-Fa-f:.]+$/;
const digits = /^\d{1,5}$/;

/** "host:port" or "[v6]:port" → the normalised address, or a sentence saying what is wrong. */
export function parseBrokerAddress(raw: string): { ok: true; address: string } | { ok: false; error: string } {
  const entry = raw.trim();
  const bad = (why: string) => ({ ok: false as const, error: `"${entry.slice(0, 80)}" ${why}` });
  const colon = entry.lastIndexOf(":");
  if (colon <= 0) return bad("needs a port, as host:port");
  let host = entry.slice(0, colon);
  const port = entry.slice(colon + 1);
  if (!digits.test(port) || Number(port) < 1 || Number(port) > 65535) return bad("has no valid port (1–65535)");
  if (host.startsWith("[")) {
    if (!host.endsWith("]") || !ipv6.test(host.slice(1, -1)) || !host.includes(":")) return bad("is not a valid [IPv6]:port address");
    return { ok: true, address: `${host}:${Number(port)}` };
  }
  if (host.includes(":")) return bad("looks like an IPv6 address; write it as [address]:port");
  if (host.length > 253 || !hostname.test(host)) return bad("is not a valid host name");
  host = host.toLowerCase();
  return { ok: true, address: `${host}:${Number(port)}` };
}

/** Splits on commas, spaces and new lines, so a pasted list works too. */
export function splitBrokerList(raw: string | readonly string[]): string[] {
  const parts = typeof raw === "string" ? [raw] : raw;
  return parts.flatMap((p) => p.split(/[\s,]+/)).filter(Boolean);
}

/** PEM text as pasted: one or more "-----BEGIN …-----" … "-----END …-----" blocks. */
export function looksLikePem(text: string): boolean {
  const t = text.trim();
  return t.startsWith("-----BEGIN ") && t.includes("-----END ") && t.endsWith("-----");
}
