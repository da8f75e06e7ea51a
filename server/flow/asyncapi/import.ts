// AsyncAPI documents to a flow: 3.x as they are, 2.x through @asyncapi/converter. One document is
// one application (its send and receive operations become its edges); channels with the same
// address in several documents become one topic. A document Flowlens exported (x-flowlens-*
// markers, see emit.ts) comes back as the flow it was made from.
//
// Traits are applied, not kept: the parser merges them into their messages and operations, the
// flow holds the result, and export writes the same effective headers and bindings without them.
// Everything else export needs to say the same again (addresses, parameters, correlation ids,
// replies, Avro and other schema formats, x- extensions, servers) is kept on the nodes and edges.
import { layout } from "../layout";
import {
  FLOW_SCHEMA_VERSION,
  flowDocSchema,
  flowNodeSchema,
  type FlowDoc,
  type FlowEdge,
  type FlowNode,
  type JsonSchema,
  type NodeKind,
  type OperationDetails,
} from "../model";
import { addNode, connect, moveNodes } from "../operations";
import {
  MAX_SPEC_CHARS,
  expansionBudget,
  readAsyncApi,
  specProblem,
  tooLargeWhenResolved,
  type ExpansionBudget,
  type SpecProblem,
  type SpecSource,
} from "./check";
import {
  CLOUDEVENTS_HEADERS,
  CLOUDEVENTS_REQUIRED,
  DLQ_ROLE,
  MARKERS,
  VERBATIM,
  cleanupPolicyOf,
  fingerprint,
  operationId,
  operationSummary,
  pinnedValue,
} from "./emit";

export type { SpecProblem, SpecSource } from "./check";
export type ImportResult = { ok: true; flow: FlowDoc; warnings: SpecProblem[] } | { ok: false; errors: SpecProblem[] };

type Json = Record<string, unknown>;
type Action = "send" | "receive";

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);
const objectsIn = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const objectOr = (v: unknown): Json | undefined => (isObject(v) && Object.keys(v).length ? v : undefined);
const FLOWLENS = "x-flowlens-";

/** x- extensions of an object, without Flowlens's own markers. */
function extensionsOf(o: Json, ...also: string[]): Json | undefined {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) if (k.startsWith("x-") && !k.startsWith(FLOWLENS) && !also.includes(k)) out[k] = v;
  return objectOr(out);
}

/** A Flowlens node descriptor whose extensions are x- extensions only, never fields of the spec. */
function descriptorOf(d: Json): Json {
  if (!("extensions" in d)) return d;
  const { extensions, ...rest } = d;
  const kept = isObject(extensions) ? extensionsOf(extensions) : undefined;
  return kept ? { ...rest, extensions: kept } : rest;
}

function without(o: Json, ...keys: string[]): Json {
  const out = { ...o };
  for (const k of keys) delete out[k];
  return out;
}

const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions", "$defs", "dependentSchemas"]);

/** Thrown when the values copied out of one import's documents pass their shared budget. */
export class ExpansionError extends Error {
  constructor() {
    super(tooLargeWhenResolved(false));
  }
}

/**
 * A parser-resolved value as plain JSON: a deep copy without the parser's x-parser-* annotations,
 * with recursive $refs (which the parser resolves into cycles) cut and reported. Every value copied
 * is taken from `budget` (pass one budget to all the copies of one import); past it, ExpansionError.
 */
export function plainJson(value: unknown, onCycle: (schemaId: string | undefined) => void = () => {}, budget: ExpansionBudget = expansionBudget()): unknown {
  const stack = new Set<object>();
  const walk = (v: unknown, namesAsKeys: boolean): unknown => {
    if (--budget.left < 0) throw new ExpansionError();
    if (typeof v !== "object" || v === null) return v;
    if (stack.has(v)) {
      const id = (v as Json)["x-parser-schema-id"];
      const name = typeof id === "string" && !id.startsWith("<") ? id : undefined;
      onCycle(name);
      return { $comment: `Recursive reference${name ? ` to ${name}` : ""}, cut on import` };
    }
    stack.add(v);
    let out: unknown;
    if (Array.isArray(v)) out = v.map((x) => walk(x, false));
    else {
      const o: Json = {};
      for (const [k, x] of Object.entries(v)) {
        if (!namesAsKeys && k.startsWith("x-parser-")) continue;
        // A "__proto__" key is data here, not a prototype.
        Object.defineProperty(o, k, { value: walk(x, !namesAsKeys && SCHEMA_MAPS.has(k)), enumerable: true, writable: true, configurable: true });
      }
      out = o;
    }
    stack.delete(v);
    return out;
  };
  return walk(value, false);
}

/** "#/channels/a~1b/messages/m" → ["channels", "a/b", "messages", "m"]; null for anything but a local pointer. */
function pointer(ref: unknown): string[] | null {
  if (typeof ref !== "string" || !ref.startsWith("#/")) return null;
  return ref
    .slice(2)
    .split("/")
    .map((s) => {
      let d = s;
      try {
        d = decodeURIComponent(s);
      } catch {
        // keep the segment as written
      }
      return d.replace(/~1/g, "/").replace(/~0/g, "~");
    });
}

/** Follows local $refs in the unresolved document (operations and replies may point at components). */
function follow(raw: Json, v: unknown): unknown {
  for (let i = 0; i < 20 && isObject(v) && typeof v.$ref === "string"; i++) {
    const path = pointer(v.$ref);
    if (!path) return undefined;
    let at: unknown = raw;
    for (const seg of path) at = isObject(at) || Array.isArray(at) ? (at as Json)[seg] : undefined;
    v = at;
  }
  return v;
}

function slug(s: string, fallback: string): string {
  const out = s
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 80);
  return out || fallback;
}

const intIn = (v: unknown, min: number, max: number) => (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : undefined);

interface MessageDraft {
  fields: Json;
  key?: JsonSchema;
  fp: string;
}

interface TopicDraft {
  kind: "topic" | "dlq";
  preferredId?: string;
  fields: Json;
  messages: Map<string, MessageDraft>;
  source: string;
  nodeId?: string;
}

interface OpDraft {
  source: string;
  app: AppDraft;
  action: Action;
  topic: TopicDraft;
  id: string;
  /** The messages of the operation: those it lists, or else all of its channel's in its own document. */
  names: string[];
  json: Json;
  reply?: { topic?: TopicDraft; address?: Json; messages?: string[] };
  edgeId?: string;
  schema?: JsonSchema;
}

interface AppDraft {
  source: string;
  preferredId?: string;
  /** A Flowlens node descriptor: its kind and fields are kept as they are. */
  node?: Json;
  name: string;
  appName: string;
  fields: Json;
  clientId?: string;
  groupId?: string;
  sends: boolean;
  receives: boolean;
  nodeId?: string;
}

class Importer {
  readonly errors: SpecProblem[] = [];
  readonly warnings: SpecProblem[] = [];
  readonly topics = new Map<string, TopicDraft>();
  readonly apps = new Map<string, AppDraft>();
  readonly externals: Array<{ preferredId?: string; node: Json; source: string; nodeId?: string }> = [];
  readonly ops: OpDraft[] = [];
  readonly links: Array<{ source: string; edge: Json; ids: Map<string, () => string | undefined> }> = [];
  readonly infos: Array<{ title?: string; description?: string; version?: string; flow?: string; wholeFlow: boolean }> = [];
  /** One budget for every value copied out of this import's documents. */
  readonly budget = expansionBudget();

  warn(source: string, message: string) {
    this.warnings.push(specProblem(source, message));
  }

  addDocument(source: string, index: number, json: Json, raw: Json) {
    const info = isObject(json.info) ? json.info : {};
    const rawNodes = objectsIn(raw[MARKERS.nodes]).map(descriptorOf);
    const perApp = str(info[MARKERS.app]) ?? str(raw[MARKERS.app]);
    this.infos.push({ title: str(info.title), description: str(info.description), version: str(info.version), flow: str(info[MARKERS.flow]), wholeFlow: rawNodes.length > 0 && !perApp });
    const clean = (v: unknown, what: string) =>
      plainJson(v, (id) => this.warn(source, `${what} has a recursive schema${id ? ` (${id})` : ""}; Flowlens keeps JSON Schemas without cycles, so the recursion was cut`), this.budget);

    // The original ids of a Flowlens document, so edges to external systems find their nodes again.
    const ids = new Map<string, () => string | undefined>();

    // Channels become topics (or DLQs); the same address in several documents is one topic.
    const byChannel = new Map<string, TopicDraft>();
    const messageNames = new Map<string, Map<string, string>>();
    const defaultContentType = str(json.defaultContentType);
    let kafkaSeen = false;
    for (const [chKey, chValue] of Object.entries(isObject(json.channels) ? json.channels : {})) {
      const ch = clean(chValue, `Channel ${chKey}`) as Json;
      if (!isObject(ch)) continue;
      const { topic, names, kafka } = this.channel(source, index, chKey, ch, defaultContentType);
      kafkaSeen ||= kafka;
      byChannel.set(chKey, topic);
      messageNames.set(chKey, names);
      const original = str(ch[MARKERS.id]);
      if (original) ids.set(original, () => topic.nodeId);
    }

    const servers = isObject(json.servers) ? (clean(json.servers, "servers") as Json) : {};
    const protocols = [...new Set(Object.values(servers).map((s) => (isObject(s) ? str(s.protocol) : undefined)).filter((p): p is string => !!p))];
    if (protocols.length && !protocols.some((p) => p === "kafka" || p === "kafka-secure") && !kafkaSeen) {
      this.warn(source, `It describes ${protocols.join(", ")} servers, not Kafka; its channels were imported as Kafka topics`);
    }

    // Flowlens node descriptors (applications and external systems), when the document has them.
    const described = new Map<string, AppDraft>();
    for (const d of rawNodes) {
      const kind = d.kind as NodeKind;
      const id = str(d.id);
      if (kind === "external") {
        // The same external system in two documents of one flow is one node.
        let ext = this.externals.find((x) => x.preferredId === id && x.node.name === d.name);
        if (!ext) this.externals.push((ext = { preferredId: id, node: d, source }));
        if (id) ids.set(id, () => ext.nodeId);
        continue;
      }
      if (kind !== "producer" && kind !== "consumer" && kind !== "transformer") continue;
      const appName = str(d.appName) ?? str(d.name) ?? "application";
      const key = `node:${id ?? appName}`;
      let app = this.apps.get(key);
      if (!app) {
        app = { source, preferredId: id, node: d, name: str(d.name) ?? appName, appName, fields: {}, sends: false, receives: false };
        this.apps.set(key, app);
        if (!this.apps.has(`name:${appName}`)) this.apps.set(`name:${appName}`, app);
      }
      if (id) described.set(id, app);
      described.set(`name:${appName}`, app);
      const found = app;
      if (id) ids.set(id, () => found.nodeId);
    }

    // Without descriptors the document itself is the application.
    const title = str(info.title) ?? source;
    // Documents of one Flowlens flow (x-flowlens-app) that name the same application are that
    // application; any other document is an application of its own, even under a title already taken.
    const docApp = (appName: string, marked: boolean): AppDraft => {
      const key = marked ? `name:${appName}` : `doc:${index}:${appName}`;
      const existing = this.apps.get(key);
      if (existing) return existing;
      const taken = new Set([...this.apps.values()].flatMap((a) => [a.appName, a.name]));
      let unique = appName;
      for (let i = 2; taken.has(unique); i++) unique = `${appName} (${i})`;
      if (unique !== appName) {
        const other = [...this.apps.values()].find((a) => a.appName === appName || a.name === appName)!;
        this.warn(source, `Its application "${appName}" has the name of one from ${other.source}, but they are not parts of one Flowlens flow; it was imported as an application of its own, "${unique}"`);
      }
      const owner = str(info["x-owner"]);
      const ownServers = objectOr(Object.fromEntries(Object.entries(servers).filter(([, s]) => !(isObject(s) && s[MARKERS.placeholder] === true))));
      // Root-level extensions are few; they travel with the info's, and export writes them in info.
      const extensions = objectOr({ ...extensionsOf(raw), ...extensionsOf(info, ...(owner ? ["x-owner"] : [])) });
      const app: AppDraft = {
        source,
        name: unique !== appName ? unique : appName === (perApp ?? title) ? title : appName,
        appName: unique,
        fields: {
          description: str(info.description) ?? "",
          ...(owner ? { owner } : {}),
          ...(extensions ? { extensions } : {}),
          ...(ownServers ? { servers: ownServers } : {}),
        },
        sends: false,
        receives: false,
      };
      this.apps.set(key, app);
      return app;
    };

    const operations = isObject(json.operations) ? json.operations : {};
    const rawOperations = isObject(raw.operations) ? raw.operations : {};
    if (!Object.keys(operations).length && byChannel.size) {
      this.warn(source, "It declares no operations, so it became no application; its channels were imported as topics");
    }
    for (const [opKey, opValue] of Object.entries(operations)) {
      // The resolved channel, messages and reply channel are read through the channels, not again here.
      const resolved = isObject(opValue) ? opValue : {};
      const replyAddress = isObject(resolved.reply) ? resolved.reply.address : undefined;
      const op = clean({ ...without(resolved, "channel", "messages", "reply", "traits"), ...(replyAddress ? { reply: { address: replyAddress } } : {}) }, `Operation ${opKey}`) as Json;
      const rawOp = follow(raw, rawOperations[opKey]);
      const action = op.action;
      if (!isObject(rawOp) || (action !== "send" && action !== "receive")) continue;
      const chPath = pointer((rawOp.channel as Json | undefined)?.$ref);
      const chKey = chPath && chPath.length === 2 && chPath[0] === "channels" ? chPath[1]! : undefined;
      const topic = chKey ? byChannel.get(chKey) : undefined;
      if (!topic || !chKey) {
        this.warn(source, `Operation ${opKey} was skipped: its channel is not a $ref to one of the document's channels`);
        continue;
      }
      const namesOf = (refs: unknown, channel: string) => {
        if (!Array.isArray(refs) || !refs.length) return undefined;
        const names: string[] = [];
        for (const r of refs) {
          const p = pointer(isObject(r) ? r.$ref : undefined);
          const name = p && p.length === 4 && p[0] === "channels" && p[1] === channel && p[2] === "messages" ? messageNames.get(channel)?.get(p[3]!) : undefined;
          if (name) names.push(name);
          else this.warn(source, `Operation ${opKey} lists a message that is not one of its channel's; it was left out`);
        }
        return names;
      };
      const marker = str(op[MARKERS.app]) ?? perApp;
      const appName = marker ?? title;
      const app = described.get(str(op[MARKERS.node]) ?? "") ?? described.get(`name:${appName}`) ?? docApp(appName, !!marker);
      if (action === "send" && topic.kind !== "dlq") app.sends = true;
      if (action === "receive") app.receives = true;
      const kafka = isObject(op.bindings) && isObject(op.bindings.kafka) ? op.bindings.kafka : {};
      app.clientId ??= pinnedValue(kafka.clientId);
      if (action === "receive") app.groupId ??= pinnedValue(kafka.groupId);

      let reply: OpDraft["reply"];
      const rawReply = follow(raw, rawOp.reply);
      if (isObject(rawReply)) {
        const rPath = pointer((rawReply.channel as Json | undefined)?.$ref);
        const rKey = rPath && rPath.length === 2 && rPath[0] === "channels" ? rPath[1]! : undefined;
        const replyJson = isObject(op.reply) ? op.reply : {};
        reply = {
          topic: rKey ? byChannel.get(rKey) : undefined,
          address: isObject(replyJson.address) ? replyJson.address : undefined,
          messages: rKey ? namesOf(rawReply.messages, rKey) : undefined,
        };
      }
      this.ops.push({
        source,
        app,
        action,
        topic,
        id: opKey,
        names: namesOf(rawOp.messages, chKey) ?? [...new Set(messageNames.get(chKey)!.values())],
        json: op,
        reply,
        edgeId: str(op[MARKERS.edge]),
        schema: objectOr(op[MARKERS.schema]),
      });
    }

    for (const l of objectsIn(raw[MARKERS.links])) this.links.push({ source, edge: l, ids });
    this.unusedMessages(source, raw);
  }

  private channel(source: string, index: number, chKey: string, ch: Json, defaultContentType: string | undefined) {
    const address = typeof ch.address === "string" ? ch.address : null;
    const bindings = isObject(ch.bindings) ? ch.bindings : {};
    const kafka = isObject(bindings.kafka) ? bindings.kafka : {};
    const name = str(kafka.topic) ?? address ?? chKey;
    const mergeKey = address !== null ? `address:${address}` : `channel:${index}:${chKey}`;

    const config = isObject(kafka.topicConfiguration) ? kafka.topicConfiguration : {};
    const partitions = intIn(kafka.partitions, 1, 100_000);
    const replicas = intIn(kafka.replicas, 1, 100);
    const retention = intIn(config["retention.ms"], -1, Number.MAX_SAFE_INTEGER);
    const policy = cleanupPolicyOf(config["cleanup.policy"]);
    const what = `Channel ${chKey}`;
    if (kafka.partitions !== undefined && partitions === undefined) this.warn(source, `${what}: partitions ${JSON.stringify(kafka.partitions)} is not a number of partitions; the default (3) was used`);
    if (kafka.replicas !== undefined && replicas === undefined) this.warn(source, `${what}: replicas ${JSON.stringify(kafka.replicas)} is not a replication factor; the default (3) was used`);
    const restConfig = without(config, "retention.ms", ...(fingerprint(config["cleanup.policy"]) === fingerprint([policy]) ? ["cleanup.policy"] : []));
    const restKafka = without(kafka, "topic", "partitions", "replicas", "topicConfiguration", "bindingVersion");
    if (objectOr(restConfig)) restKafka.topicConfiguration = restConfig;
    const restBindings = without(bindings, "kafka");
    if (objectOr(restKafka)) restBindings.kafka = restKafka;

    const fields: Json = {
      name,
      ...(address !== name ? { address } : {}),
      ...(str(ch.title) ? { title: ch.title } : {}),
      ...(str(ch.summary) ? { summary: ch.summary } : {}),
      ...(str(ch.description) ? { description: ch.description } : {}),
      ...(str(ch[MARKERS.owner]) ? { owner: ch[MARKERS.owner] } : {}),
      ...(objectOr(ch.parameters) ? { parameters: ch.parameters } : {}),
      ...(partitions ? { partitions } : {}),
      ...(replicas ? { replicationFactor: replicas } : {}),
      ...(retention !== undefined ? { retentionMs: retention } : {}),
      ...(policy ? { cleanupPolicy: policy } : {}),
      ...(objectOr(restBindings) ? { bindings: restBindings } : {}),
      ...(extensionsOf(ch) ? { extensions: extensionsOf(ch) } : {}),
    };

    let topic = this.topics.get(mergeKey);
    if (!topic) {
      topic = { kind: ch[MARKERS.role] === DLQ_ROLE ? "dlq" : "topic", preferredId: str(ch[MARKERS.id]), fields, messages: new Map(), source };
      this.topics.set(mergeKey, topic);
    } else {
      // The same channel in another document: what it adds is taken, what it contradicts is reported.
      const clashes = Object.keys(fields).filter((k) => k in topic!.fields && fingerprint(fields[k]) !== fingerprint(topic!.fields[k]));
      if (clashes.length) this.warn(source, `Channel ${address ?? chKey} is also in ${topic.source}, with another ${clashes.join(", ")}; the one from ${topic.source} was kept`);
      topic.fields = { ...fields, ...topic.fields };
    }

    const names = new Map<string, string>();
    for (const [mKey, mValue] of Object.entries(isObject(ch.messages) ? ch.messages : {})) {
      if (!isObject(mValue)) continue;
      let draft = this.message(mKey, mValue, defaultContentType);
      // Two messages of one channel may share a name; their ids tell them apart.
      if (names.has(mKey) || [...names.values()].includes(draft.fields.name as string)) draft = { ...draft, fields: { ...draft.fields, name: mKey } };
      const mName = draft.fields.name as string;
      names.set(mKey, mName);
      const existing = topic.messages.get(mName);
      if (!existing) topic.messages.set(mName, draft);
      else if (existing.fp !== draft.fp && topic.source !== source) {
        this.warn(source, `Message ${mName} on channel ${address ?? chKey} differs from the one in ${topic.source}; the one from ${topic.source} was kept`);
      }
    }
    return { topic, names, kafka: isObject(bindings.kafka) };
  }

  private message(mKey: string, m: Json, defaultContentType: string | undefined): MessageDraft {
    const name = str(m.name) ?? mKey;
    let payload: unknown = m.payload;
    let schemaFormat: string | undefined;
    if (isObject(payload) && typeof payload.schemaFormat === "string" && "schema" in payload) {
      schemaFormat = payload.schemaFormat;
      payload = payload.schema;
    }
    let headers = isObject(m.headers) ? m.headers : undefined;
    const cloudEvents = m[MARKERS.cloudEvents] === true;
    if (cloudEvents && headers) headers = withoutCloudEvents(headers);
    const bindings = isObject(m.bindings) ? m.bindings : {};
    const kafka = isObject(bindings.kafka) ? bindings.kafka : {};
    const restKafka = without(kafka, "key", "bindingVersion");
    const restBindings = without(bindings, "kafka");
    if (objectOr(restKafka)) restBindings.kafka = restKafka;
    const correlationId = isObject(m.correlationId) && typeof m.correlationId.location === "string" ? m.correlationId : undefined;
    const fields: Json = {
      name,
      ...(payload !== undefined ? { payload: isObject(payload) ? payload : { [VERBATIM]: payload } } : {}),
      ...(headers ? { headers } : {}),
      contentType: str(m.contentType) ?? defaultContentType ?? "application/json",
      ...(str(m[MARKERS.schemaVersion]) ? { schemaVersion: m[MARKERS.schemaVersion] } : {}),
      cloudEvents,
      ...(schemaFormat ? { schemaFormat } : {}),
      ...(str(m.title) && m.title !== name ? { title: m.title } : {}),
      ...(str(m.summary) ? { summary: m.summary } : {}),
      ...(str(m.description) ? { description: m.description } : {}),
      ...(Array.isArray(m.examples) && m.examples.length ? { examples: m.examples.filter(isObject) } : {}),
      ...(correlationId ? { correlationId } : {}),
      ...(objectOr(restBindings) ? { bindings: restBindings } : {}),
      ...(extensionsOf(m) ? { extensions: extensionsOf(m) } : {}),
    };
    const key = isObject(kafka.key) ? kafka.key : undefined;
    return { fields, key, fp: fingerprint({ fields, key }) };
  }

  private unusedMessages(source: string, raw: Json) {
    const components = isObject(raw.components) && isObject(raw.components.messages) ? raw.components.messages : {};
    const keys = Object.keys(components);
    if (!keys.length) return;
    const used = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (isObject(v)) {
        for (const [k, x] of Object.entries(v)) {
          if (k === "$ref" && typeof x === "string") used.add(x);
          else walk(x);
        }
      }
    };
    walk(without(raw, "components"));
    walk(without(raw.components as Json, "messages"));
    for (const k of keys) {
      const refs = [...used].filter((r) => pointer(r)?.join("/") === `components/messages/${k}`);
      if (!refs.length) this.warn(source, `Message components.messages.${k} is used by no channel, so it was not imported`);
    }
  }

  build(name: string | undefined): FlowDoc | null {
    let doc: FlowDoc = { schemaVersion: FLOW_SCHEMA_VERSION, name: "flow", description: "", version: "1.0.0", nodes: [], edges: [] };
    const taken = new Set<string>();
    const newId = (preferred: string | undefined, base: string) => {
      let id = preferred && preferred.length <= 100 && !taken.has(preferred) ? preferred : slug(base, "node");
      if (taken.has(id)) for (let i = 2; ; i++) if (!taken.has(`${id}-${i}`)) {
        id = `${id}-${i}`;
        break;
      }
      taken.add(id);
      return id;
    };
    const add = (raw: Json, what: string, source: string): string | undefined => {
      const parsed = flowNodeSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        this.errors.push(specProblem(source, `${what} cannot become part of a flow: ${issue.path.join(".") || "it"}: ${issue.message}`, undefined, issue.path.join(".")));
        return undefined;
      }
      doc = addNode(doc, parsed.data);
      return parsed.data.id;
    };

    for (const t of this.topics.values()) {
      const messages = [...t.messages.values()];
      const keySchema = messages.find((m) => m.key)?.key;
      const keyFp = keySchema ? fingerprint(keySchema) : undefined;
      const fields = {
        ...t.fields,
        ...(keySchema ? { keySchema } : {}),
        messages: messages.map((m) => (m.key && fingerprint(m.key) !== keyFp ? { ...m.fields, key: m.key } : m.fields)),
      };
      t.nodeId = add({ kind: t.kind, id: newId(t.preferredId, String(t.fields.name)), ...fields }, `Channel ${String(t.fields.address ?? t.fields.name)}`, t.source);
    }

    const apps = [...new Set(this.apps.values())];
    for (const a of apps) {
      if (a.node) {
        const { id: _id, position: _position, ...rest } = a.node;
        a.nodeId = add({ ...rest, id: newId(a.preferredId, a.appName) }, `Application ${a.appName}`, a.source);
        continue;
      }
      const kind = a.sends && a.receives ? "transformer" : a.sends ? "producer" : "consumer";
      a.nodeId = add(
        {
          kind,
          id: newId(undefined, a.appName),
          name: a.name,
          appName: a.appName,
          clientId: a.clientId ?? "",
          ...(kind !== "producer" ? { groupId: a.groupId ?? "" } : {}),
          ...a.fields,
        },
        `Application ${a.appName}`,
        a.source,
      );
    }
    for (const x of this.externals) {
      const { id: _id, position: _position, ...rest } = x.node;
      x.nodeId = add({ ...rest, id: newId(x.preferredId, String(x.node.name ?? "external")) }, `External system ${String(x.node.name)}`, x.source);
    }
    if (this.errors.length) return null;

    // Operations become edges: one per application and topic, standing for one or more operations.
    const groups = new Map<string, OpDraft[]>();
    for (const op of this.ops) {
      if (!op.app.nodeId || !op.topic.nodeId) continue;
      const k = `${op.app.nodeId}\u0000${op.topic.nodeId}\u0000${op.action}`;
      (groups.get(k) ?? groups.set(k, []).get(k)!).push(op);
    }
    const nodeById = new Map(doc.nodes.map((n) => [n.id, n]));
    const patches = new Map<string, Partial<FlowEdge>>();
    const edgeIds = new Set<string>();
    const edgeId = (preferred: string | undefined) => {
      let id = preferred && preferred.length <= 100 && !edgeIds.has(preferred) ? preferred : `e${edgeIds.size + 1}`;
      for (let i = edgeIds.size + 2; edgeIds.has(id); i++) id = `e${i}`;
      edgeIds.add(id);
      return id;
    };
    for (const ops of groups.values()) {
      const first = ops[0]!;
      const app = nodeById.get(first.app.nodeId!)!;
      const topic = nodeById.get(first.topic.nodeId!)!;
      const [source, target] = first.action === "send" ? [app, topic] : [topic, app];
      const id = edgeId(ops.map((o) => o.edgeId).find((x) => x && !edgeIds.has(x)));
      const r = connect(doc, source.id, target.id, id);
      if (!r.ok) {
        edgeIds.delete(id);
        this.warn(first.source, `Operation ${ops.map((o) => o.id).join(", ")} (${first.action} on ${topic.name}) was left out: ${r.reason}`);
        continue;
      }
      doc = r.doc;
      const edge = doc.edges[doc.edges.length - 1]!;
      const all = topic.kind === "topic" || topic.kind === "dlq" ? topic.messages.map((m) => m.name) : [];
      const union = [...new Set(ops.flatMap((o) => o.names))];
      const selection = all.every((n) => union.includes(n)) ? undefined : union;
      const appName = app.kind === "producer" || app.kind === "consumer" || app.kind === "transformer" ? app.appName || app.name : app.name;
      const details = ops.map((o) => this.details(o, appName, topic.name, edge.kind, selection, app));
      const trivial = details.length === 1 && Object.keys(details[0]!).length === 0;
      patches.set(id, {
        ...(selection ? (selection.length === 1 ? { message: selection[0] } : { messages: selection }) : {}),
        ...(first.schema ? { schema: first.schema } : {}),
        ...(trivial ? {} : { operations: details }),
      });
    }
    for (const { source, edge, ids } of this.links) {
      const s = ids.get(String(edge.source))?.();
      const t = ids.get(String(edge.target))?.();
      if (!s || !t) continue;
      const id = edgeId(str(edge.id));
      const r = connect(doc, s, t, id);
      if (!r.ok) {
        edgeIds.delete(id);
        this.warn(source, `The link ${String(edge.id)} of an external system was left out: ${r.reason}`);
        continue;
      }
      doc = r.doc;
      patches.set(id, { ...(str(edge.message) ? { message: edge.message as string } : {}), ...(Array.isArray(edge.messages) ? { messages: edge.messages as string[] } : {}), ...(objectOr(edge.schema) ? { schema: edge.schema as JsonSchema } : {}) });
    }
    doc = { ...doc, edges: doc.edges.map((e) => ({ ...e, ...patches.get(e.id) })) };

    const whole = this.infos.find((i) => i.wholeFlow);
    const single = this.infos.length === 1 ? this.infos[0] : undefined;
    const meta = whole ?? single;
    // Per-application documents of one Flowlens flow name it; others are named after their titles.
    const flows = new Set(this.infos.map((i) => i.flow));
    const flowName = flows.size === 1 ? [...flows][0] : undefined;
    const title = name?.trim() || (whole ? whole.title : flowName) || single?.title || `Imported: ${this.infos.map((i) => i.title ?? "untitled").join(", ")}`;
    const description = meta?.description && !(whole && meta.description === meta.title) ? meta.description : "";
    doc = { ...doc, name: title.slice(0, 200), description: description.slice(0, 10_000), version: (this.infos[0]?.version ?? "1.0.0").slice(0, 50) };
    doc = moveNodes(doc, layout(doc));
    const checked = flowDocSchema.safeParse(doc);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      this.errors.push(specProblem("import", `The imported flow is not valid: ${issue.path.join(".")}: ${issue.message}`));
      return null;
    }
    return checked.data;
  }

  /** What of an operation export could not generate by itself; {} when nothing. */
  private details(o: OpDraft, appName: string, topicName: string, kind: FlowEdge["kind"], selection: string[] | undefined, app: FlowNode): OperationDetails {
    const j = o.json;
    const d: OperationDetails = {};
    if (o.id !== operationId(appName, o.action, topicName)) d.id = o.id;
    if (str(j.title)) d.title = j.title as string;
    if (str(j.summary) && j.summary !== operationSummary(appName, o.action, kind, topicName)) d.summary = j.summary as string;
    if (str(j.description)) d.description = j.description as string;
    const edgeNames = selection ?? [...o.topic.messages.keys()];
    if (fingerprint([...o.names].sort()) !== fingerprint([...edgeNames].sort())) d.messages = o.names;
    if (o.reply) {
      d.reply = {
        ...(o.reply.topic?.nodeId ? { topic: o.reply.topic.nodeId } : {}),
        ...(o.reply.address ? { address: o.reply.address as { location: string } } : {}),
        ...(o.reply.messages ? { messages: o.reply.messages } : {}),
      };
    }
    const bindings = isObject(j.bindings) ? j.bindings : {};
    if (objectOr(bindings) && !generatedBindings(bindings, app, o.action)) d.bindings = bindings;
    const ext = extensionsOf(j);
    if (ext) d.extensions = ext;
    return d;
  }
}

/** True when export would write these operation bindings anyway from the application's client and group ids. */
function generatedBindings(bindings: Json, app: FlowNode, action: Action): boolean {
  if (Object.keys(bindings).some((k) => k !== "kafka")) return false;
  const kafka = isObject(bindings.kafka) ? bindings.kafka : {};
  const clientId = app.kind === "producer" || app.kind === "consumer" || app.kind === "transformer" ? app.clientId : "";
  const groupId = action === "receive" && (app.kind === "consumer" || app.kind === "transformer") ? app.groupId : "";
  const expected: Json = {
    ...(clientId ? { clientId: { type: "string", enum: [clientId] } } : {}),
    ...(groupId ? { groupId: { type: "string", enum: [groupId] } } : {}),
  };
  return fingerprint(without(kafka, "bindingVersion")) === fingerprint(expected);
}

function withoutCloudEvents(headers: Json): Json {
  const props = isObject(headers.properties) ? { ...headers.properties } : {};
  for (const [k, v] of Object.entries(CLOUDEVENTS_HEADERS)) if (k in props && fingerprint(props[k]) === fingerprint(v)) delete props[k];
  const required = Array.isArray(headers.required) ? headers.required.filter((r) => !CLOUDEVENTS_REQUIRED.includes(r as string)) : [];
  const out: Json = { ...headers, properties: props };
  if (required.length) out.required = required;
  else delete out.required;
  return out;
}

/** The documents of one import together; each alone may be up to MAX_SPEC_CHARS. */
export const MAX_IMPORT_CHARS = MAX_SPEC_CHARS;

/**
 * AsyncAPI documents (YAML or JSON; 3.x, or 2.0–2.6 converted to 3.0) to one flow. Each problem
 * names its document, and its line and column where it has one.
 */
export async function importAsyncApi(sources: SpecSource[], opts: { name?: string } = {}): Promise<ImportResult> {
  if (!Array.isArray(sources) || !sources.length) return { ok: false, errors: [specProblem("import", "There is nothing to import: add at least one AsyncAPI document")] };
  const chars = sources.reduce((n, s) => n + (typeof s?.text === "string" ? s.text.length : 0), 0);
  if (chars > MAX_IMPORT_CHARS) {
    return { ok: false, errors: [specProblem("import", `The documents are too large together (${(chars / 1e6).toFixed(1)} million characters); Flowlens imports up to ${MAX_IMPORT_CHARS / 1e6} million characters at once`)] };
  }
  const importer = new Importer();
  const read: Array<{ source: string; json: Json; raw: Json }> = [];
  // One budget of resolved values for all the documents, checked before each is parsed.
  const budget = expansionBudget();
  for (const s of sources) {
    const r = await readAsyncApi(s, { forImport: true, budget });
    importer.errors.push(...r.errors);
    importer.warnings.push(...r.notes);
    if (!r.errors.length && r.document && r.raw) read.push({ source: s.name?.trim() || "pasted", json: r.document.json() as Json, raw: r.raw });
  }
  if (importer.errors.length) return { ok: false, errors: importer.errors };
  let current = read.length === 1 ? read[0]!.source : "import";
  try {
    read.forEach((d, i) => {
      current = d.source;
      importer.addDocument(d.source, i, d.json, d.raw);
    });
    current = read.length === 1 ? read[0]!.source : "import";
    const flow = importer.build(opts.name);
    if (!flow) return { ok: false, errors: importer.errors };
    return { ok: true, flow, warnings: importer.warnings };
  } catch (e) {
    const message = e instanceof ExpansionError ? tooLargeWhenResolved(read.length > 1) : `It could not be imported: ${(e as Error).message}`;
    return { ok: false, errors: [...importer.errors, specProblem(current, message)] };
  }
}

