// Traces on the design: which nodes and edges a trace went through, where it failed, and the
// publish→consume latency of each consuming edge. Spans map to application nodes by service.name
// (the app name the stubs set) and to topic and DLQ nodes by their destination. Pure.
import { appNameOf } from "../flow/asyncapi/emit";
import { isApp, isTopicLike, type FlowDoc } from "../flow/model";
import { percentile, type PublishConsume, type TraceSpan } from "./traces";

const PRODUCER = 4;
const CONSUMER = 5;
const ERROR = 2;

export interface TracePath {
  /** Node ids the trace touched. */
  nodes: string[];
  /** Edge ids along which a message of the trace travelled. */
  edges: string[];
  /** Failed spans per node id. */
  errors: Record<string, number>;
  /** Services in the trace that match no application of the design. */
  unmatchedServices: string[];
}

function nodeIndex(doc: FlowDoc) {
  const apps = new Map<string, string[]>();
  const topics = new Map<string, string>();
  for (const n of doc.nodes) {
    if (isApp(n)) {
      const name = appNameOf(n);
      apps.set(name, [...(apps.get(name) ?? []), n.id]);
    } else if (isTopicLike(n)) topics.set(n.name, n.id);
  }
  return { apps, topics };
}

/** The path of one trace (with the spans of traces linked to it) on the design. */
export function tracePath(doc: FlowDoc, spans: readonly TraceSpan[]): TracePath {
  const { apps, topics } = nodeIndex(doc);
  const nodes = new Set<string>();
  const edges = new Set<string>();
  const errors: Record<string, number> = {};
  const unmatched = new Set<string>();
  // (app node, topic node) pairs the trace published on, and consumed from.
  const sent = new Set<string>();
  const received = new Set<string>();
  for (const s of spans) {
    const appIds = apps.get(s.service) ?? [];
    if (!appIds.length) unmatched.add(s.service);
    for (const id of appIds) {
      nodes.add(id);
      if (s.statusCode === ERROR) errors[id] = (errors[id] ?? 0) + 1;
    }
    const topicId = s.topic === null ? undefined : topics.get(s.topic);
    if (!topicId) continue;
    nodes.add(topicId);
    if (s.statusCode === ERROR && !appIds.length) errors[topicId] = (errors[topicId] ?? 0) + 1;
    for (const id of appIds) {
      if (s.kind === PRODUCER) sent.add(`${id}>${topicId}`);
      if (s.kind === CONSUMER) received.add(`${topicId}>${id}`);
    }
  }
  for (const e of doc.edges) {
    const key = `${e.source}>${e.target}`;
    if (e.kind === "subscribes" ? received.has(key) : sent.has(key)) edges.add(e.id);
  }
  return { nodes: [...nodes], edges: [...edges], errors, unmatchedServices: [...unmatched].sort() };
}

export interface EdgeLatency {
  count: number;
  p50Ms: number;
  p95Ms: number;
}

/**
 * Publish→consume latency on each consuming edge (topic → consumer or transformer): the pairs whose
 * topic is the edge's topic and whose consumer service is the edge's application, over the window.
 */
export function edgeLatencies(doc: FlowDoc, pairs: readonly PublishConsume[], window?: { fromMs: number; toMs: number }): Record<string, EdgeLatency> {
  const byNode = new Map(doc.nodes.map((n) => [n.id, n]));
  const values = new Map<string, number[]>();
  for (const p of pairs) {
    if (p.topic === null || (window && (p.consumedAtMs < window.fromMs || p.consumedAtMs > window.toMs))) continue;
    const key = JSON.stringify([p.topic, p.consumer.service]);
    values.set(key, [...(values.get(key) ?? []), p.latencyMs]);
  }
  const out: Record<string, EdgeLatency> = {};
  for (const e of doc.edges) {
    if (e.kind !== "subscribes") continue;
    const topic = byNode.get(e.source);
    const app = byNode.get(e.target);
    if (!topic || !app || !isTopicLike(topic) || !isApp(app)) continue;
    const v = values.get(JSON.stringify([topic.name, appNameOf(app)]));
    if (!v?.length) continue;
    const sorted = [...v].sort((a, b) => a - b);
    out[e.id] = { count: sorted.length, p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95) };
  }
  return out;
}
