// The real broker, started by the project's own script in global setup.
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { checkClusterHealth } from "@/server/kafka/cluster-health";
import { committedOffsets, consumeWithGroup, createTopic, produce } from "@/server/kafka/test-helpers";

const brokers = inject("kafkaBrokers").split(",");

describe("Kafka broker", () => {
  it("reports a live cluster as up", async () => {
    const h = await checkClusterHealth({ brokers });
    expect(h).toMatchObject({ status: "up", brokers: 1 });
  });

  it("reports an unreachable cluster as down with a clear reason, within the timeout", async () => {
    const t0 = Date.now();
    const h = await checkClusterHealth({ brokers: ["127.0.0.1:1"] }, 3000);
    expect(h.status).toBe("down");
    expect(h.status === "down" && h.error).toMatch(/unreachable|ECONNREFUSED|no answer/);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it("creates a topic, produces, and consumes with a committing group", async () => {
    const topic = `it-${randomUUID()}`;
    await createTopic(brokers, topic, 3);
    await produce(
      brokers,
      topic,
      Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: JSON.stringify({ n: i }), partition: i % 3 })),
    );
    const values = await consumeWithGroup(brokers, topic, `g-${topic}`, 30);
    expect(values.map((v) => JSON.parse(v).n).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const offsets = await committedOffsets(brokers, `g-${topic}`, topic);
    expect(offsets.sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, offset: 10 },
      { partition: 1, offset: 10 },
      { partition: 2, offset: 10 },
    ]);
  });
});
