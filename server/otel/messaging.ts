// The messaging attributes Flowlens reads from spans, under the current OpenTelemetry semantic
// convention names and the older ones still sent by many instrumentations (instrumentation-kafkajs
// among them). Pure.
import type { Attributes, AttributeValue } from "./source";

/** Each field, newest name first. */
export const MESSAGING_ATTRIBUTES = {
  topic: ["messaging.destination.name", "messaging.destination"],
  consumerGroup: ["messaging.consumer.group.name", "messaging.kafka.consumer.group"],
  partition: ["messaging.destination.partition.id", "messaging.kafka.destination.partition", "messaging.kafka.partition"],
  offset: ["messaging.kafka.offset", "messaging.kafka.message.offset"],
} as const;

function first(attrs: Attributes, names: readonly string[]): AttributeValue | undefined {
  for (const n of names) {
    const v = attrs[n];
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}

function text(v: AttributeValue | undefined): string | null {
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null;
}

/** A non-negative safe integer from a number or a decimal string; null otherwise. */
function integer(v: AttributeValue | undefined): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,16}$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

export interface MessagingFields {
  topic: string | null;
  consumerGroup: string | null;
  partition: number | null;
  offset: number | null;
}

export function messagingFields(attrs: Attributes): MessagingFields {
  return {
    topic: text(first(attrs, MESSAGING_ATTRIBUTES.topic)),
    consumerGroup: text(first(attrs, MESSAGING_ATTRIBUTES.consumerGroup)),
    partition: integer(first(attrs, MESSAGING_ATTRIBUTES.partition)),
    offset: integer(first(attrs, MESSAGING_ATTRIBUTES.offset)),
  };
}
