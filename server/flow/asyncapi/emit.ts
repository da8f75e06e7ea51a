// AsyncAPI 3.0.0 from a flow: one document per application, or one for the whole flow.
// Pure: (doc, options) => a plain object, ready for YAML or JSON.
import { isApp, isTopicLike, type AppNode, type FlowDoc, type FlowEdge, type JsonSchema, type MessageType, type TopicLike } from "../model";

export interface EmitOptions {
  /** Emit the document of this application (its appName); absent means the whole flow. */
  app?: string;
  /** Kafka bootstrap servers of the linked cluster; a placeholder otherwise. */
  servers?: { host: string; secure?: boolean }[];
}

type Json = Record<string, unknown>;
const BINDING_VERSION = "0.5.0";

/** Component keys must match ^[A-Za-z0-9._-]+$. */
export function componentKey(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "_") || "_";
}

export function applications(doc: FlowDoc): AppNode[] {
  const seen = new Set<string>();
  return doc.nodes.filter(isApp).filter((n) => {
    const name = n.appName || n.name;
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

const CLOUDEVENTS_HEADERS: Json = {
  ce_specversion: { type: "string", const: "1.0", description: "CloudEvents spec version" },
  ce_id: { type: "string", description: "CloudEvents event id" },
  ce_source: { type: "string", description: "CloudEvents source (URI reference)" },
  ce_type: { type: "string", description: "CloudEvents event type" },
  ce_time: { type: "string", format: "date-time", description: "CloudEvents time" },
};

function headersOf(m: MessageType): JsonSchema {
  if (!m.cloudEvents) return m.headers;
  const props = (m.headers.properties as Json | undefined) ?? {};
  const required = Array.isArray(m.headers.required) ? (m.headers.required as string[]) : [];
  return {
    ...m.headers,
    type: "object",
    properties: { ...props, ...CLOUDEVENTS_HEADERS },
    required: [...new Set([...required, "ce_specversion", "ce_id", "ce_source", "ce_type"])],
  };
}

function messageKey(topic: TopicLike, m: MessageType) {
  return componentKey(`${topic.name}.${m.name}`);
}

function channelOf(topic: TopicLike): Json {
  const messages: Json = {};
  for (const m of topic.messages) messages[componentKey(m.name)] = { $ref: `#/components/messages/${messageKey(topic, m)}` };
  return {
    address: topic.name,
    ...(topic.description ? { description: topic.description } : {}),
    messages,
    bindings: {
      kafka: {
        topic: topic.name,
        partitions: topic.partitions,
        replicas: topic.replicationFactor,
        topicConfiguration: { "cleanup.policy": [topic.cleanupPolicy], "retention.ms": topic.retentionMs },
        bindingVersion: BINDING_VERSION,
      },
    },
    ...(topic.kind === "dlq" ? { "x-flowlens-role": "dead-letter-queue" } : {}),
    ...(topic.extensions ?? {}),
  };
}

function messageOf(topic: TopicLike, m: MessageType): Json {
  return {
    name: m.name,
    title: m.name,
    contentType: m.contentType,
    ...(m.schemaFormat ? { payload: { schemaFormat: m.schemaFormat, schema: m.payload } } : { payload: m.payload }),
    headers: headersOf(m),
    bindings: { kafka: { key: topic.keySchema, bindingVersion: BINDING_VERSION } },
    "x-flowlens-schema-version": m.schemaVersion,
  };
}

export function emitAsyncApi(doc: FlowDoc, opts: EmitOptions = {}): Json {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const apps = opts.app ? applications(doc).filter((a) => (a.appName || a.name) === opts.app) : applications(doc);
  if (opts.app && !apps.length) throw new Error(`No application named “${opts.app}” in this flow`);
  const appNames = new Set(apps.map((a) => a.appName || a.name));
  const inScope = (n: AppNode) => appNames.has(n.appName || n.name);

  // Operations: what each application sends (publishes, emits, dead-letters) and receives (subscribes).
  const operations: Json = {};
  const usedTopics = new Map<string, TopicLike>();
  const add = (app: AppNode, e: FlowEdge, action: "send" | "receive", topic: TopicLike) => {
    usedTopics.set(topic.id, topic);
    const msgs = e.message ? topic.messages.filter((m) => m.name === e.message) : topic.messages;
    const channel = componentKey(topic.name);
    const id = componentKey(`${app.appName || app.name}.${action}.${topic.name}`);
    const kafka: Json = { bindingVersion: BINDING_VERSION };
    if (app.clientId) kafka.clientId = { type: "string", enum: [app.clientId] };
    if (action === "receive" && (app.kind === "consumer" || app.kind === "transformer") && app.groupId) {
      kafka.groupId = { type: "string", enum: [app.groupId] };
    }
    operations[id] = {
      action,
      channel: { $ref: `#/channels/${channel}` },
      summary: `${app.appName || app.name} ${action === "send" ? (e.kind === "deadLetters" ? "dead-letters to" : "sends to") : "receives from"} ${topic.name}`,
      messages: msgs.map((m) => ({ $ref: `#/channels/${channel}/messages/${componentKey(m.name)}` })),
      bindings: { kafka },
    };
  };
  for (const e of doc.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    if (isApp(s) && isTopicLike(t) && inScope(s)) add(s, e, "send", t);
    else if (isTopicLike(s) && isApp(t) && inScope(t)) add(t, e, "receive", s);
  }
  // The whole-flow document also lists topics no application touches yet.
  if (!opts.app) for (const n of doc.nodes) if (isTopicLike(n)) usedTopics.set(n.id, n);

  const channels: Json = {};
  const messages: Json = {};
  for (const topic of usedTopics.values()) {
    channels[componentKey(topic.name)] = channelOf(topic);
    for (const m of topic.messages) messages[messageKey(topic, m)] = messageOf(topic, m);
  }

  const servers: Json = {};
  (opts.servers?.length ? opts.servers : [{ host: "localhost:9092" }]).forEach((s, i) => {
    servers[i === 0 ? "kafka" : `kafka-${i + 1}`] = {
      host: s.host,
      protocol: s.secure ? "kafka-secure" : "kafka",
      ...(opts.servers?.length ? {} : { description: "Placeholder: link this flow to a cluster to use its brokers." }),
    };
  });

  const app = apps.length === 1 && opts.app ? apps[0] : undefined;
  return {
    asyncapi: "3.0.0",
    info: {
      title: app ? `${opts.app}` : doc.name,
      version: doc.version,
      description: app ? (app.description || `${opts.app}, part of ${doc.name}.`) : doc.description || doc.name,
      ...(app?.owner ? { "x-owner": app.owner } : {}),
    },
    defaultContentType: "application/json",
    servers,
    channels,
    operations,
    components: { messages },
  };
}
