// The flow document: the one piece of data every view of Flowlens projects (canvas, AsyncAPI,
// stubs, live overlay). Pure: imports nothing from React, Next, Prisma, kafkajs or OpenTelemetry.
import { z } from "zod";

export const FLOW_SCHEMA_VERSION = 2;

export const NODE_KINDS = ["producer", "topic", "transformer", "consumer", "dlq", "external"] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const EDGE_KINDS = ["publishes", "subscribes", "emits", "deadLetters"] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/** A JSON Schema document, kept as plain JSON. Its validity is checked by validate.ts. */
export const jsonSchema = z.record(z.string(), z.unknown());
export type JsonSchema = z.infer<typeof jsonSchema>;

const id = z.string().min(1).max(100);
const position = z.object({ x: z.number(), y: z.number() });
const text = z.string().max(10_000);
/** Objects of an imported AsyncAPI document we keep verbatim so that export loses nothing. */
const verbatim = z.record(z.string(), z.unknown());

/** A runtime expression for a place in a message, e.g. $message.header#/correlationId (AsyncAPI Correlation ID and Reply Address objects). */
export const messageLocationSchema = z.looseObject({ location: z.string().min(1), description: text.optional() });

export const messageTypeSchema = z.object({
  name: z.string().trim().min(1, "Name the message type").max(200),
  payload: jsonSchema.default({ type: "object", properties: {} }),
  headers: jsonSchema.default({ type: "object", properties: {} }),
  contentType: z.string().min(1).default("application/json"),
  schemaVersion: z.string().min(1).default("1.0.0"),
  /** Send and expect CloudEvents 1.0 attributes as ce_* Kafka headers (binary content mode). */
  cloudEvents: z.boolean().default(false),
  /** Non-JSON-Schema payloads (e.g. Avro) keep their format string; absent means JSON Schema. */
  schemaFormat: z.string().optional(),
  // From here on: AsyncAPI message fields kept from an import, so that export loses nothing.
  title: text.optional(),
  summary: text.optional(),
  description: text.optional(),
  examples: z.array(verbatim).optional(),
  correlationId: messageLocationSchema.optional(),
  /** This message's Kafka key schema, when it differs from its topic's. */
  key: jsonSchema.optional(),
  /** Message bindings Flowlens does not model (other protocols, Kafka schema-registry fields). */
  bindings: verbatim.optional(),
  extensions: verbatim.optional(),
});
export type MessageType = z.infer<typeof messageTypeSchema>;

export const retryPolicySchema = z.object({
  maxAttempts: z.number().int().min(1).max(100).default(3),
  backoff: z.enum(["fixed", "exponential"]).default("exponential"),
  initialDelayMs: z.number().int().min(0).max(3_600_000).default(500),
  maxDelayMs: z.number().int().min(0).max(86_400_000).default(30_000),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

const common = {
  id,
  name: z.string().trim().min(1, "Give it a name").max(200),
  description: z.string().max(10_000).default(""),
  owner: z.string().max(200).default(""),
  position: position.default({ x: 0, y: 0 }),
  /** Extensions we don't model (x-… from imported specs), kept verbatim. */
  extensions: z.record(z.string(), z.unknown()).optional(),
};

const application = {
  appName: z.string().max(200).default(""),
  clientId: z.string().max(200).default(""),
  /** The servers of the application's imported AsyncAPI document, exported again when no cluster is linked. */
  servers: verbatim.optional(),
};

const consuming = {
  groupId: z.string().max(255).default(""),
  concurrency: z.number().int().min(1).max(1000).default(1),
  retry: retryPolicySchema.default({ maxAttempts: 3, backoff: "exponential", initialDelayMs: 500, maxDelayMs: 30_000 }),
};

const topicFields = {
  partitions: z.number().int().min(1).max(100_000).default(3),
  replicationFactor: z.number().int().min(1).max(100).default(3),
  /** retention.ms; -1 keeps records forever. */
  retentionMs: z.number().int().min(-1).default(604_800_000),
  cleanupPolicy: z.enum(["delete", "compact"]).default("delete"),
  keySchema: jsonSchema.default({ type: "string" }),
  messages: z.array(messageTypeSchema).default([]),
  // From here on: AsyncAPI channel fields kept from an import, so that export loses nothing.
  /** The channel address when it is not the topic name: with parameters ({userId}), or null when unknown. */
  address: z.string().nullable().optional(),
  parameters: verbatim.optional(),
  title: text.optional(),
  summary: text.optional(),
  /** Channel bindings Flowlens does not model (other protocols, more topic configuration). */
  bindings: verbatim.optional(),
};

export const producerNodeSchema = z.object({ kind: z.literal("producer"), ...common, ...application });
export const transformerNodeSchema = z.object({ kind: z.literal("transformer"), ...common, ...application, ...consuming });
export const consumerNodeSchema = z.object({ kind: z.literal("consumer"), ...common, ...application, ...consuming });
export const topicNodeSchema = z.object({ kind: z.literal("topic"), ...common, ...topicFields });
export const dlqNodeSchema = z.object({ kind: z.literal("dlq"), ...common, ...topicFields });
export const externalNodeSchema = z.object({ kind: z.literal("external"), ...common, system: z.string().max(200).default("") });

export const flowNodeSchema = z.discriminatedUnion("kind", [
  producerNodeSchema,
  topicNodeSchema,
  transformerNodeSchema,
  consumerNodeSchema,
  dlqNodeSchema,
  externalNodeSchema,
]);

export type ProducerNode = z.infer<typeof producerNodeSchema>;
export type TopicNode = z.infer<typeof topicNodeSchema>;
export type TransformerNode = z.infer<typeof transformerNodeSchema>;
export type ConsumerNode = z.infer<typeof consumerNodeSchema>;
export type DlqNode = z.infer<typeof dlqNodeSchema>;
export type ExternalNode = z.infer<typeof externalNodeSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type AppNode = ProducerNode | TransformerNode | ConsumerNode;
export type TopicLike = TopicNode | DlqNode;

/** An AsyncAPI operation kept from an import: the edge it belongs to stands for one or more of them. */
export const operationDetailsSchema = z.object({
  /** The operation id in the source document. */
  id: z.string().max(200).optional(),
  title: text.optional(),
  summary: text.optional(),
  description: text.optional(),
  /** Which of the edge's message types this operation carries; absent means all of them. */
  messages: z.array(z.string()).optional(),
  /** Request/reply: where the reply goes (a topic of this flow, or a runtime address) and with which messages. */
  reply: z
    .object({
      topic: id.optional(),
      address: messageLocationSchema.optional(),
      messages: z.array(z.string()).optional(),
    })
    .optional(),
  /** Operation bindings as imported; export keeps them unless the application's client or group id changed. */
  bindings: verbatim.optional(),
  extensions: verbatim.optional(),
});
export type OperationDetails = z.infer<typeof operationDetailsSchema>;

export const flowEdgeSchema = z.object({
  id,
  kind: z.enum(EDGE_KINDS),
  source: id,
  target: id,
  /** Which of the topic's message types travels on this edge; absent means all of them. */
  message: z.string().optional(),
  /**
   * The payload schema this application writes (publishes/emits) or reads (subscribes), when it
   * differs from the topic's. Compatibility with the topic's schema is linted.
   */
  schema: jsonSchema.optional(),
  /** Several, but not all, of the topic's message types travel on this edge. */
  messages: z.array(z.string()).optional(),
  /** The AsyncAPI operations this edge stands for, when imported; absent means one generated operation. */
  operations: z.array(operationDetailsSchema).optional(),
});
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

export const flowDocSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).default(""),
  version: z.string().max(50).default("1.0.0"),
  nodes: z.array(flowNodeSchema).default([]),
  edges: z.array(flowEdgeSchema).default([]),
});
export type FlowDoc = z.infer<typeof flowDocSchema>;

export function emptyFlow(name: string, description = ""): FlowDoc {
  return { schemaVersion: FLOW_SCHEMA_VERSION, name, description, version: "1.0.0", nodes: [], edges: [] };
}

export const isTopicLike = (n: FlowNode): n is TopicLike => n.kind === "topic" || n.kind === "dlq";
export const isApp = (n: FlowNode): n is AppNode => n.kind === "producer" || n.kind === "transformer" || n.kind === "consumer";
export const isConsuming = (n: FlowNode): n is TransformerNode | ConsumerNode => n.kind === "transformer" || n.kind === "consumer";

export const KIND_LABELS: Record<NodeKind, string> = {
  producer: "Producer",
  topic: "Topic",
  transformer: "Transformer",
  consumer: "Consumer",
  dlq: "Dead-letter queue",
  external: "External system",
};
