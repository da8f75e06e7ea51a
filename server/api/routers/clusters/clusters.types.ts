import { z } from "zod";
import { looksLikePem, parseBrokerAddress, saslMechanisms, splitBrokerList } from "../../../kafka/connection-settings";
import { secretFields } from "../../../services/clusters";

export const saslMechanism = z.enum(saslMechanisms);
export const secretField = z.enum(secretFields);

/** "host:port" entries, as a list or one string separated by commas, spaces or new lines. */
export const brokerList = z.union([z.string().max(4000), z.array(z.string().max(300)).max(100)]).transform((raw, ctx) => {
  const entries = splitBrokerList(raw);
  if (!entries.length) {
    ctx.addIssue({ code: "custom", message: "Enter at least one broker, as host:port" });
    return z.NEVER;
  }
  const addresses: string[] = [];
  for (const entry of entries) {
    const parsed = parseBrokerAddress(entry);
    if (parsed.ok) addresses.push(parsed.address);
    else ctx.addIssue({ code: "custom", message: parsed.error });
  }
  return [...new Set(addresses)];
});

// Blank means "none" on create and "keep the stored one" on update, so blank passes here.
const pem = (what: string) =>
  z
    .string()
    .max(64_000, `The ${what} is too long`)
    .optional()
    .refine((v) => !v?.trim() || looksLikePem(v), `The ${what} must be PEM text, starting with -----BEGIN`);

const clusterFields = z.object({
  name: z.string().trim().min(1, "Name the cluster").max(80, "Use at most 80 characters"),
  brokers: brokerList,
  saslMechanism: saslMechanism.nullable().default(null),
  saslUsername: z.string().trim().max(255).nullable().optional(),
  saslPassword: z.string().max(1024).optional(),
  tls: z.boolean().default(false),
  tlsCa: pem("CA certificate"),
  tlsCert: pem("client certificate"),
  tlsKey: pem("client key"),
  tlsRejectUnauthorized: z.boolean().default(true),
  /** Stored secrets to remove (on update and test); a blank field alone keeps them. */
  clear: z.array(secretField).max(secretFields.length).optional(),
});

function usernameWithSasl(v: { saslMechanism: unknown; saslUsername?: string | null }, ctx: z.RefinementCtx) {
  if (v.saslMechanism && !v.saslUsername) ctx.addIssue({ code: "custom", path: ["saslUsername"], message: "Enter the SASL username" });
}

export const clusterValues = clusterFields.superRefine(usernameWithSasl);
/** For "test before save": the name does not matter yet. */
export const clusterConnectionValues = clusterFields.omit({ name: true }).superRefine(usernameWithSasl);
export const clusterIdInput = z.object({ id: z.string().min(1) });
export const clusterIdAndValues = clusterFields.extend({ id: z.string().min(1) }).superRefine(usernameWithSasl);

// Views carry no secret: only whether one is stored. Zod strips any key not listed here.
export const clusterRef = z.object({ id: z.string(), name: z.string() });
export const clusterView = clusterRef.extend({
  brokers: z.array(z.string()),
  saslMechanism: saslMechanism.nullable(),
  saslUsername: z.string().nullable(),
  tls: z.boolean(),
  tlsRejectUnauthorized: z.boolean(),
  hasPassword: z.boolean(),
  hasCa: z.boolean(),
  hasClientCert: z.boolean(),
  linkedFlows: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ClusterViewOutput = z.infer<typeof clusterView>;
