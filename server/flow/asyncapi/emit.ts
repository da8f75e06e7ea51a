// AsyncAPI 3.0.0 from a flow: one document per application, or one for the whole flow.
// Pure: (doc, options) => a plain object, ready for YAML or JSON.
// What an import kept (addresses, parameters, traits' effects, replies, extensions, servers) is
// emitted again, and x-flowlens-* markers let import.ts rebuild the flow from its own output.
import {
  flowNodeSchema,
  isApp,
  isConsuming,
  isTopicLike,
  type AppNode,
  type FlowDoc,
  type FlowEdge,
  type FlowNode,
  type JsonSchema,
  type MessageType,
  type OperationDetails,
  type TopicLike,
} from "../model";

export interface EmitOptions {
  /** Emit the document of this application (its appName); absent means the whole flow. */
  app?: string;
  /** Kafka bootstrap servers of the linked cluster; a placeholder otherwise. */
  servers?: { host: string; secure?: boolean }[];
}

type Json = Record<string, unknown>;
const BINDING_VERSION = "0.5.0";

/** Extensions through which a Flowlens document describes what AsyncAPI has no words for. */
export const MARKERS = {
  /** Root: the application (and, for the whole flow, external system) nodes, without positions. */
  nodes: "x-flowlens-nodes",
  /** Root, whole flow: the edges that touch an external system. */
  links: "x-flowlens-links",
  /** Info of a per-application document: the application's appName (also read on operations). */
  app: "x-flowlens-app",
  /** Info of a per-application document: the name of the flow it is part of. */
  flow: "x-flowlens-flow",
  /** Operation: the id of the application node. */
  node: "x-flowlens-node",
  /** Operation: the id of the edge it comes from. */
  edge: "x-flowlens-edge",
  /** Operation: the edge's own payload schema. */
  schema: "x-flowlens-schema",
  /** Channel: the topic node's id and owner; "dead-letter-queue" role for DLQs. */
  id: "x-flowlens-id",
  owner: "x-flowlens-owner",
  role: "x-flowlens-role",
  /** Message: its schema version, and whether CloudEvents headers were added to its own. */
  schemaVersion: "x-flowlens-schema-version",
  cloudEvents: "x-flowlens-cloudevents",
  /** Server: the placeholder used when no cluster is linked. */
  placeholder: "x-flowlens-placeholder",
} as const;
export const DLQ_ROLE = "dead-letter-queue";

/**
 * Component keys must match ^[A-Za-z0-9._-]+$. Names of Object.prototype's own properties
 * ("__proto__", "constructor", "toString") get a trailing "_": the parser, like much other tooling,
 * reads documents into plain objects and fails on them as keys.
 */
export function componentKey(s: string): string {
  const key = s.replace(/[^A-Za-z0-9._-]+/g, "_") || "_";
  return Object.prototype.hasOwnProperty.call(Object.prototype, key) ? `${key}_` : key;
}

export function applications(doc: FlowDoc): AppNode[] {
  const seen = new Set<string>();
  return doc.nodes.filter(isApp).filter((n) => {
    const name = appNameOf(n);
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

export const CLOUDEVENTS_HEADERS: Json = {
  ce_specversion: { type: "string", const: "1.0", description: "CloudEvents spec version" },
  ce_id: { type: "string", description: "CloudEvents event id" },
  ce_source: { type: "string", description: "CloudEvents source (URI reference)" },
  ce_type: { type: "string", description: "CloudEvents event type" },
  ce_time: { type: "string", format: "date-time", description: "CloudEvents time" },
};
export const CLOUDEVENTS_REQUIRED = ["ce_specversion", "ce_id", "ce_source", "ce_type"];

function headersOf(m: MessageType): JsonSchema {
  if (!m.cloudEvents) return m.headers;
  const props = (m.headers.properties as Json | undefined) ?? {};
  const required = Array.isArray(m.headers.required) ? (m.headers.required as string[]) : [];
  return {
    ...m.headers,
    type: "object",
    properties: { ...props, ...CLOUDEVENTS_HEADERS },
    required: [...new Set([...required, ...CLOUDEVENTS_REQUIRED])],
  };
}

/** A payload that is not an object (a Protobuf text, an Avro union) is held as { [VERBATIM]: value }. */
export const VERBATIM = "x-flowlens-verbatim";
export const payloadSchemaOf = (m: MessageType): unknown => (VERBATIM in m.payload && Object.keys(m.payload).length === 1 ? m.payload[VERBATIM] : m.payload);

export const appNameOf = (app: AppNode) => app.appName || app.name;

/** The names documents and stubs are made for, one per application. */
export const applicationNames = (doc: FlowDoc): string[] => applications(doc).map(appNameOf);
export const operationId = (app: string, action: "send" | "receive", topic: string) => componentKey(`${app}.${action}.${topic}`);
export function operationSummary(app: string, action: "send" | "receive", edgeKind: FlowEdge["kind"], topic: string) {
  return `${app} ${action === "send" ? (edgeKind === "deadLetters" ? "dead-letters to" : "sends to") : "receives from"} ${topic}`;
}

/** The message types an edge selects: `messages`, else `message`, else all of the topic's. */
export function edgeMessageNames(e: Pick<FlowEdge, "message" | "messages">): string[] | undefined {
  return e.messages ?? (e.message ? [e.message] : undefined);
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * An object for keys taken from the flow (topic, message, operation and server names): without a
 * prototype, "__proto__" and "constructor" are keys like any other.
 */
const keyed = (): Json => Object.create(null) as Json;

/** The x- extensions of a stored extensions object; anything else would overwrite the spec's own fields. */
function xExtensions(extensions: Json | undefined): Json {
  const out = keyed();
  for (const [k, v] of Object.entries(extensions ?? {})) if (k.startsWith("x-")) out[k] = v;
  return out;
}

/** The value a Kafka binding's clientId/groupId schema pins: enum[0] or const. */
export function pinnedValue(schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  if (typeof schema.const === "string") return schema.const;
  if (Array.isArray(schema.enum) && typeof schema.enum[0] === "string") return schema.enum[0];
  return undefined;
}

/** The imported schema while it still says what the model says; the model's value once it was edited. */
function idSchema(imported: unknown, modelled: string | undefined): unknown {
  if (modelled === undefined) return imported;
  if (!modelled) return pinnedValue(imported) === undefined ? imported : undefined;
  return pinnedValue(imported) === modelled ? imported : { type: "string", enum: [modelled] };
}

export const cleanupPolicyOf = (policy: unknown): "compact" | "delete" | undefined =>
  Array.isArray(policy) && policy.length ? (policy.includes("compact") ? "compact" : "delete") : typeof policy === "string" ? (policy.includes("compact") ? "compact" : "delete") : undefined;

function without(obj: Json | undefined, ...keys: string[]): Json {
  const out: Json = { ...obj };
  for (const k of keys) delete out[k];
  return out;
}

/** JSON with object keys sorted, so structurally equal schemas print the same. */
export function fingerprint(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(fingerprint).join(",")}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${fingerprint(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

function uniqueKey(taken: { has(k: string): boolean }, base: string): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Channel keys of every topic and DLQ, unique even where two names share a component key. */
function channelKeys(doc: FlowDoc): Map<string, string> {
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of doc.nodes) {
    if (!isTopicLike(n)) continue;
    const key = uniqueKey(taken, componentKey(n.name));
    taken.add(key);
    keys.set(n.id, key);
  }
  return keys;
}

/** The keys of a topic's messages in its channel, by message name: unique even where two names share a component key. */
function channelMessageKeys(topic: TopicLike): Map<string, string> {
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  for (const m of topic.messages) {
    if (keys.has(m.name)) continue;
    const key = uniqueKey(taken, componentKey(m.name));
    taken.add(key);
    keys.set(m.name, key);
  }
  return keys;
}

function channelOf(topic: TopicLike, messageKey: (t: TopicLike, m: MessageType) => string, inChannel: Map<string, string>): Json {
  const messages = keyed();
  for (const m of topic.messages) {
    const key = inChannel.get(m.name)!;
    if (!(key in messages)) messages[key] = { $ref: `#/components/messages/${messageKey(topic, m)}` };
  }
  const extraKafka = isObject(topic.bindings?.kafka) ? topic.bindings.kafka : {};
  const extraConfig = isObject(extraKafka.topicConfiguration) ? extraKafka.topicConfiguration : {};
  const importedPolicy = extraConfig["cleanup.policy"];
  return {
    address: topic.address !== undefined ? topic.address : topic.name,
    ...(topic.title ? { title: topic.title } : {}),
    ...(topic.summary ? { summary: topic.summary } : {}),
    ...(topic.description ? { description: topic.description } : {}),
    ...(topic.parameters ? { parameters: topic.parameters } : {}),
    messages,
    bindings: {
      ...without(topic.bindings, "kafka"),
      kafka: {
        ...without(extraKafka, "topic", "partitions", "replicas", "topicConfiguration", "bindingVersion"),
        topic: topic.name,
        partitions: topic.partitions,
        replicas: topic.replicationFactor,
        topicConfiguration: {
          ...without(extraConfig, "cleanup.policy", "retention.ms"),
          "cleanup.policy": cleanupPolicyOf(importedPolicy) === topic.cleanupPolicy ? importedPolicy : [topic.cleanupPolicy],
          "retention.ms": topic.retentionMs,
        },
        bindingVersion: BINDING_VERSION,
      },
    },
    ...xExtensions(topic.extensions),
    [MARKERS.id]: topic.id,
    ...(topic.owner ? { [MARKERS.owner]: topic.owner } : {}),
    ...(topic.kind === "dlq" ? { [MARKERS.role]: DLQ_ROLE } : {}),
  };
}

function messageOf(topic: TopicLike, m: MessageType, payload: unknown, headers: unknown): Json {
  const extraKafka = isObject(m.bindings?.kafka) ? m.bindings.kafka : {};
  return {
    name: m.name,
    title: m.title ?? m.name,
    ...(m.summary ? { summary: m.summary } : {}),
    ...(m.description ? { description: m.description } : {}),
    contentType: m.contentType,
    ...(m.correlationId ? { correlationId: m.correlationId } : {}),
    payload,
    headers,
    bindings: {
      ...without(m.bindings, "kafka"),
      kafka: { ...without(extraKafka, "key", "bindingVersion"), key: m.key ?? topic.keySchema, bindingVersion: BINDING_VERSION },
    },
    ...(m.examples ? { examples: m.examples } : {}),
    ...xExtensions(m.extensions),
    [MARKERS.schemaVersion]: m.schemaVersion,
    ...(m.cloudEvents ? { [MARKERS.cloudEvents]: true } : {}),
  };
}

/**
 * components.messages and components.schemas for the topics a document uses. A JSON Schema that
 * more than one message uses (as payload or headers) is written once and referenced.
 */
function messagesOf(topics: Iterable<TopicLike>, messageKey: (t: TopicLike, m: MessageType) => string) {
  const entries: Array<{ topic: TopicLike; m: MessageType; headers: JsonSchema; payloadFp?: string; headersFp: string }> = [];
  const uses = new Map<string, { schema: JsonSchema; count: number; hint: string }>();
  const count = (schema: JsonSchema, hint: string) => {
    const fp = fingerprint(schema);
    const seen = uses.get(fp);
    if (seen) seen.count++;
    else uses.set(fp, { schema, count: 1, hint: typeof schema.title === "string" && schema.title ? schema.title : hint });
    return fp;
  };
  for (const topic of topics) {
    for (const m of topic.messages) {
      const headers = headersOf(m);
      entries.push({
        topic,
        m,
        headers,
        payloadFp: m.schemaFormat || VERBATIM in m.payload ? undefined : count(m.payload, `${m.name}Payload`),
        headersFp: count(headers, `${m.name}Headers`),
      });
    }
  }
  const schemas = keyed();
  const refs = new Map<string, Json>();
  for (const [fp, use] of uses) {
    if (use.count < 2) continue;
    const key = uniqueKey({ has: (k) => k in schemas }, componentKey(use.hint));
    schemas[key] = use.schema;
    refs.set(fp, { $ref: `#/components/schemas/${key}` });
  }
  const messages = keyed();
  for (const { topic, m, headers, payloadFp, headersFp } of entries) {
    const payload = m.schemaFormat ? { schemaFormat: m.schemaFormat, schema: payloadSchemaOf(m) } : payloadFp ? (refs.get(payloadFp) ?? m.payload) : payloadSchemaOf(m);
    messages[messageKey(topic, m)] = messageOf(topic, m, payload, refs.get(headersFp) ?? headers);
  }
  return { messages, schemas };
}

function serversOf(opts: EmitOptions, apps: AppNode[]): Json {
  const servers = keyed();
  if (opts.servers?.length) {
    opts.servers.forEach((s, i) => {
      servers[i === 0 ? "kafka" : `kafka-${i + 1}`] = { host: s.host, protocol: s.secure ? "kafka-secure" : "kafka" };
    });
    return servers;
  }
  // An imported application brought its own servers; the first one to name a key keeps it.
  for (const app of apps) for (const [k, v] of Object.entries(app.servers ?? {})) if (!(k in servers)) servers[k] = v;
  if (Object.keys(servers).length) return servers;
  return {
    kafka: { host: "localhost:9092", protocol: "kafka", description: "Placeholder: link this flow to a cluster to use its brokers.", [MARKERS.placeholder]: true },
  };
}

/** Each kind's default field values, objects as fingerprints. */
const defaultsByKind = new Map<FlowNode["kind"], Json>();
function defaultsOf(kind: FlowNode["kind"]): Json {
  let defaults = defaultsByKind.get(kind);
  if (!defaults) {
    const node = flowNodeSchema.parse({ kind, id: "_", name: "_" }) as Json;
    defaults = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, typeof v === "object" && v !== null ? fingerprint(v) : v]));
    defaultsByKind.set(kind, defaults);
  }
  return defaults;
}

/** A node as x-flowlens-nodes holds it: kind, id, name and whatever differs from the defaults. */
function descriptor(n: FlowNode): Json {
  const defaults = defaultsOf(n.kind);
  const out: Json = { kind: n.kind, id: n.id, name: n.name };
  for (const [k, v] of Object.entries(n)) {
    if (k in out || k === "position" || v === undefined) continue;
    if ((typeof v === "object" && v !== null ? fingerprint(v) : v) !== defaults[k]) out[k] = v;
  }
  return out;
}

export function emitAsyncApi(doc: FlowDoc, opts: EmitOptions = {}): Json {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const apps = opts.app ? applications(doc).filter((a) => appNameOf(a) === opts.app) : applications(doc);
  if (opts.app && !apps.length) throw new Error(`No application named “${opts.app}” in this flow`);
  const appNames = new Set(apps.map(appNameOf));
  const inScope = (n: AppNode) => appNames.has(appNameOf(n));

  const keys = channelKeys(doc);
  const key = (t: TopicLike) => keys.get(t.id)!;
  const messageKeys = new Map<MessageType, string>();
  const takenMessageKeys = new Set<string>();
  const messageKey = (t: TopicLike, m: MessageType) => {
    let k = messageKeys.get(m);
    if (!k) {
      k = uniqueKey(takenMessageKeys, componentKey(`${t.name}.${m.name}`));
      takenMessageKeys.add(k);
      messageKeys.set(m, k);
    }
    return k;
  };
  // Each topic's message keys in its channel, by name: the channel and every reference to it use them.
  const inChannel = new Map<string, Map<string, string>>();
  const keysInChannel = (t: TopicLike) => {
    let keys = inChannel.get(t.id);
    if (!keys) inChannel.set(t.id, (keys = channelMessageKeys(t)));
    return keys;
  };
  const messageRef = (t: TopicLike, name: string) => ({ $ref: `#/channels/${key(t)}/messages/${keysInChannel(t).get(name) ?? componentKey(name)}` });

  // Operations: what each application sends (publishes, emits, dead-letters) and receives (subscribes).
  const operations = keyed();
  const usedTopics = new Map<string, TopicLike>();
  const reply = (r: NonNullable<OperationDetails["reply"]>): Json => {
    const t = r.topic ? byId.get(r.topic) : undefined;
    const topic = t && isTopicLike(t) ? t : undefined;
    if (topic) usedTopics.set(topic.id, topic);
    const names = r.messages?.filter((n) => topic?.messages.some((m) => m.name === n));
    return {
      ...(r.address ? { address: r.address } : {}),
      ...(topic ? { channel: { $ref: `#/channels/${key(topic)}` } } : {}),
      ...(topic && names ? { messages: names.map((n) => messageRef(topic, n)) } : {}),
    };
  };
  const add = (app: AppNode, e: FlowEdge, action: "send" | "receive", topic: TopicLike) => {
    usedTopics.set(topic.id, topic);
    const selection = edgeMessageNames(e);
    const selected = selection ? topic.messages.filter((m) => selection.includes(m.name)) : topic.messages;
    const name = appNameOf(app);
    for (const op of e.operations?.length ? e.operations : [undefined]) {
      const own = op?.messages ? selected.filter((m) => op.messages!.includes(m.name)) : selected;
      const id = uniqueKey({ has: (k) => k in operations }, op?.id ? componentKey(op.id) : operationId(name, action, topic.name));
      const imported = op?.bindings ?? {};
      const importedKafka = isObject(imported.kafka) ? imported.kafka : {};
      const kafka: Json = { ...without(importedKafka, "clientId", "groupId", "bindingVersion") };
      const clientId = idSchema(importedKafka.clientId, app.clientId);
      const groupId = idSchema(importedKafka.groupId, action === "receive" && isConsuming(app) ? app.groupId : undefined);
      if (clientId !== undefined) kafka.clientId = clientId;
      if (groupId !== undefined) kafka.groupId = groupId;
      kafka.bindingVersion = BINDING_VERSION;
      operations[id] = {
        action,
        channel: { $ref: `#/channels/${key(topic)}` },
        ...(op?.title ? { title: op.title } : {}),
        summary: op?.summary ?? operationSummary(name, action, e.kind, topic.name),
        ...(op?.description ? { description: op.description } : {}),
        messages: (own.length ? own : selected).map((m) => messageRef(topic, m.name)),
        ...(op?.reply ? { reply: reply(op.reply) } : {}),
        bindings: { ...without(imported, "kafka"), kafka },
        ...xExtensions(op?.extensions),
        [MARKERS.node]: app.id,
        [MARKERS.edge]: e.id,
        ...(e.schema ? { [MARKERS.schema]: e.schema } : {}),
      };
    }
  };
  const links: Json[] = [];
  for (const e of doc.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    if (isApp(s) && isTopicLike(t) && inScope(s)) add(s, e, "send", t);
    else if (isTopicLike(s) && isApp(t) && inScope(t)) add(t, e, "receive", s);
    else if (!opts.app && (s.kind === "external" || t.kind === "external")) links.push({ ...e });
  }
  // The whole-flow document also lists topics no application touches yet.
  if (!opts.app) for (const n of doc.nodes) if (isTopicLike(n)) usedTopics.set(n.id, n);

  const channels = keyed();
  for (const topic of usedTopics.values()) channels[key(topic)] = channelOf(topic, messageKey, keysInChannel(topic));
  const { messages, schemas } = messagesOf(usedTopics.values(), messageKey);

  const app = apps.length === 1 && opts.app ? apps[0] : undefined;
  const described = doc.nodes.filter((n) => (isApp(n) && inScope(n)) || (!opts.app && n.kind === "external"));
  return {
    asyncapi: "3.0.0",
    info: {
      title: app ? `${opts.app}` : doc.name,
      version: doc.version,
      description: app ? app.description || `${opts.app}, part of ${doc.name}.` : doc.description || doc.name,
      ...xExtensions(app?.extensions),
      ...(app?.owner ? { "x-owner": app.owner } : {}),
      ...(app ? { [MARKERS.app]: opts.app, [MARKERS.flow]: doc.name } : {}),
    },
    defaultContentType: "application/json",
    servers: serversOf(opts, apps),
    channels,
    operations,
    components: { ...(Object.keys(schemas).length ? { schemas } : {}), messages },
    [MARKERS.nodes]: described.map(descriptor),
    ...(links.length ? { [MARKERS.links]: links } : {}),
  };
}
