// Helpers for tests and benchmarks that need real traffic on the real broker.
import { createKafka } from "./client";

export interface ProducedMessage {
  key?: string | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer>;
  partition?: number;
}

export async function createTopic(brokers: string[], topic: string, partitions = 1, configs: Record<string, string> = {}) {
  const admin = createKafka({ brokers, clientId: "flowlens-test" }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1, configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })) }],
    });
  } finally {
    await admin.disconnect();
  }
}

export async function produce(brokers: string[], topic: string, messages: ProducedMessage[]) {
  const producer = createKafka({ brokers, clientId: "flowlens-test" }).producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({ topic, messages: messages.slice(i, i + 500) });
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Consumes up to `count` records with a consumer group, committing each record's offset after
 * it is handled, then leaves the group. Returns the values read.
 */
export async function consumeWithGroup(brokers: string[], topic: string, groupId: string, count: number, timeoutMs = 30_000) {
  const consumer = createKafka({ brokers, clientId: "flowlens-test" }).consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`consumed ${values.length} of ${count} within ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic: t, partition, message }) => {
          if (values.length >= count) return;
          values.push(message.value?.toString() ?? "");
          await consumer.commitOffsets([{ topic: t, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
          if (values.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}

/** Committed offsets of a group on a topic, per partition (-1 when nothing is committed). */
export async function committedOffsets(brokers: string[], groupId: string, topic: string) {
  const admin = createKafka({ brokers, clientId: "flowlens-test" }).admin();
  await admin.connect();
  try {
    const [res] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (res?.partitions ?? []).map((p) => ({ partition: p.partition, offset: Number(p.offset) }));
  } finally {
    await admin.disconnect();
  }
}
