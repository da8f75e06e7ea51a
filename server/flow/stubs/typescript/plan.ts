// Stage 1 of the stub pipeline: (doc, app) → AppPlan, the meta-model every renderer reads.
// Raw names from the flow stay raw here; identifiers are constrained once, here, so every
// generated file agrees on them.
import { applicationNames, edgeMessageNames } from "../../asyncapi/emit";
import { isApp, isConsuming, isTopicLike, type AppNode, type FlowDoc, type FlowEdge, type JsonSchema, type MessageType, type RetryPolicy, type TopicLike } from "../../model";
import { dlqTargetOf } from "../../operations";
import { camelCase, directoryName, packageName, pascalCase, unique } from "./naming";
import { withoutExternalRefs } from "./refs";

export interface MessagePlan {
  /** camelCase identifier, unique in the app: the key of this message in schemas.ts and examples.ts. */
  id: string;
  topic: string;
  name: string;
  contentType: string;
  cloudEvents: boolean;
  /** json: the value is JSON text; raw: bytes handed to the handler as a Buffer. */
  encoding: "json" | "raw";
  /**
   * The JSON Schema the payload is checked against; null when there is none (raw bytes, Avro…).
   * A copy of the flow's, without external $refs (see refs.ts).
   */
  schema: JsonSchema | null;
  /** The external $refs removed from the schema: where it is loose. */
  removedRefs: string[];
}

export interface Outbound {
  message: MessagePlan;
  /** Key of the typed constructor in messages.ts: emit.orderEnriched(payload). */
  factory: string;
  /** Method of the producer API: publisher.sendOrderPlaced(payload). */
  sender: string;
}

export interface ProducerOperation {
  topic: string;
  handler: string;
  messages: MessagePlan[];
}

export interface SubscriptionPlan {
  topic: string;
  handler: string;
  messages: MessagePlan[];
}

export interface ConsumerGroupPlan {
  node: string;
  kind: "consumer" | "transformer";
  groupId: string;
  concurrency: number;
  retry: RetryPolicy;
  deadLetterTopic: string | null;
  subscriptions: SubscriptionPlan[];
  /** Topics a transformer's handlers may emit to. */
  emits: string[];
}

export interface AppPlan {
  app: string;
  flow: string;
  version: string;
  description: string;
  owner: string;
  clientId: string;
  packageName: string;
  directory: string;
  producers: ProducerOperation[];
  groups: ConsumerGroupPlan[];
  /** Every message the app sends or receives, once. */
  messages: MessagePlan[];
  outbound: Outbound[];
}

/** The applications of a flow by name, as applications() counts them. */
export function appNames(doc: FlowDoc): string[] {
  return applicationNames(doc);
}

export function isJsonContentType(contentType: string): boolean {
  const type = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

/** A schemaFormat that still means JSON Schema (AsyncAPI spells those out too). */
function isJsonSchemaFormat(format: string | undefined): boolean {
  return !format || format.includes("schema+json") || format.startsWith("application/vnd.aai.asyncapi");
}

/** Stable JSON for identity checks: object keys sorted. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const RAW_FALLBACK: MessageType = {
  name: "Message",
  payload: {},
  headers: {},
  contentType: "application/octet-stream",
  schemaVersion: "1.0.0",
  cloudEvents: false,
};

export function planApp(doc: FlowDoc, app: string): AppPlan {
  const nodes = doc.nodes.filter(isApp).filter((n) => (n.appName || n.name) === app);
  if (!nodes.length) throw new Error(`No application named “${app}” in this flow`);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const topicOf = (id: string): TopicLike | null => {
    const n = byId.get(id);
    return n && isTopicLike(n) ? n : null;
  };

  const messageIds = new Set<string>();
  const messages = new Map<string, MessagePlan>();
  const messagesOf = (topic: TopicLike, edge: FlowEdge): MessagePlan[] => {
    const selection = edgeMessageNames(edge);
    const chosen = selection ? topic.messages.filter((m) => selection.includes(m.name)) : topic.messages;
    return (chosen.length ? chosen : [RAW_FALLBACK]).map((m) => {
      const encoding = isJsonContentType(m.contentType) ? "json" : "raw";
      const stored = encoding === "json" && isJsonSchemaFormat(m.schemaFormat) ? (edge.schema ?? m.payload) : null;
      const identity = stableJson([topic.name, m.name, m.contentType, m.cloudEvents, encoding, stored]);
      let plan = messages.get(identity);
      if (!plan) {
        const { schema, removedRefs } = stored ? withoutExternalRefs(stored) : { schema: null, removedRefs: [] };
        plan = {
          id: unique(messageIds, camelCase(`${topic.name} ${m.name}`, "message")),
          topic: topic.name,
          name: m.name,
          contentType: m.contentType,
          cloudEvents: m.cloudEvents,
          encoding,
          schema,
          removedRefs,
        };
        messages.set(identity, plan);
      }
      return plan;
    });
  };

  const handlerNames = new Set<string>();
  const producers: ProducerOperation[] = [];
  const groups: ConsumerGroupPlan[] = [];
  const outboundMessages: MessagePlan[] = [];
  const addOutbound = (ms: MessagePlan[]) => {
    for (const m of ms) if (!outboundMessages.includes(m)) outboundMessages.push(m);
  };

  for (const node of nodes) {
    const edges = doc.edges.filter((e) => e.source === node.id || e.target === node.id);
    const sends = (kind: "publishes" | "emits") =>
      edges.flatMap((e) => {
        const topic = e.kind === kind && e.source === node.id ? topicOf(e.target) : null;
        return topic ? [{ topic, messages: messagesOf(topic, e) }] : [];
      });
    if (node.kind === "producer") {
      for (const { topic, messages: ms } of mergeByTopic(sends("publishes"))) {
        producers.push({ topic: topic.name, handler: unique(handlerNames, `produce${pascalCase(topic.name, "Topic")}`), messages: ms });
        addOutbound(ms);
      }
    }
    if (isConsuming(node)) {
      const subscribed = edges.flatMap((e) => {
        const topic = e.kind === "subscribes" && e.target === node.id ? topicOf(e.source) : null;
        return topic ? [{ topic, messages: messagesOf(topic, e) }] : [];
      });
      const emitted = node.kind === "transformer" ? mergeByTopic(sends("emits")) : [];
      for (const e of emitted) addOutbound(e.messages);
      if (!subscribed.length) continue;
      const dlq = dlqTargetOf(doc, node.id);
      groups.push({
        node: node.name,
        kind: node.kind,
        groupId: node.groupId || app,
        concurrency: node.concurrency,
        retry: node.retry,
        deadLetterTopic: dlq ? (topicOf(dlq)?.name ?? null) : null,
        subscriptions: mergeByTopic(subscribed).map(({ topic, messages: ms }) => ({
          topic: topic.name,
          handler: unique(handlerNames, `on${pascalCase(topic.name, "Topic")}`),
          messages: ms,
        })),
        emits: emitted.map((e) => e.topic.name),
      });
    }
  }

  const nameCount = new Map<string, number>();
  for (const m of outboundMessages) nameCount.set(m.name, (nameCount.get(m.name) ?? 0) + 1);
  const factories = new Set<string>();
  const outbound = outboundMessages.map((m) => {
    const base = nameCount.get(m.name) === 1 ? m.name : `${m.topic} ${m.name}`;
    const factory = unique(factories, camelCase(base, "message"));
    return { message: m, factory, sender: `send${factory.charAt(0).toUpperCase()}${factory.slice(1)}` };
  });

  const first: AppNode = nodes[0]!;
  return {
    app,
    flow: doc.name,
    version: doc.version,
    description: nodes.map((n) => n.description).find(Boolean) ?? "",
    owner: nodes.map((n) => n.owner).find(Boolean) ?? "",
    clientId: nodes.map((n) => n.clientId).find(Boolean) || first.appName || first.name,
    packageName: packageName(app),
    directory: directoryName(app),
    producers,
    groups,
    messages: [...messages.values()],
    outbound,
  };
}

/** Several edges to one topic (one per message type, say) become one operation. */
function mergeByTopic(list: { topic: TopicLike; messages: MessagePlan[] }[]) {
  const out = new Map<string, { topic: TopicLike; messages: MessagePlan[] }>();
  for (const { topic, messages } of list) {
    const seen = out.get(topic.id);
    if (!seen) out.set(topic.id, { topic, messages: [...messages] });
    else for (const m of messages) if (!seen.messages.includes(m)) seen.messages.push(m);
  }
  return [...out.values()];
}
