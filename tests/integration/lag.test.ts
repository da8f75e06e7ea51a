// `flowlens lag` against the real broker: known lag per partition, plausible seconds, filters,
// --fail-on, and an unreachable cluster.
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { runCli } from "@/tests/support/cli";
import { committedOffsets, consumeWithGroup, createTopic, produce } from "@/server/kafka/test-helpers";

const brokers = inject("kafkaBrokers");

const run = runCli;

describe("flowlens lag", () => {
  const topic = `lag-${randomUUID()}`;
  const group = `g-${topic}`;
  const produced = 30;
  const consumed = 12;
  let producedAt = 0;

  it("reports exact lag per partition and plausible seconds for a group that consumed part of a topic", async () => {
    await createTopic(brokers.split(","), topic, 3);
    producedAt = Date.now();
    await produce(
      brokers.split(","),
      topic,
      Array.from({ length: produced }, (_, i) => ({ key: `k${i}`, value: JSON.stringify({ n: i }), partition: i % 3 })),
    );
    await consumeWithGroup(brokers.split(","), topic, group, consumed);
    // Kafka answers -1 for a partition the group never committed on.
    const committed = new Map((await committedOffsets(brokers.split(","), group, topic)).filter((o) => o.offset >= 0).map((o) => [o.partition, o.offset]));

    const r = await run("lag", "--brokers", brokers, "--group", group, "--json");
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.groups).toHaveLength(1);
    const g = report.groups[0];
    // The total covers partitions with a commit; those without one are reported, not counted as 0.
    const expectedTotal = [...committed.values()].reduce((n, c) => n + (10 - c), 0);
    expect(g).toMatchObject({ group, totalLag: expectedTotal });
    expect([...committed.values()].reduce((n, c) => n + c, 0)).toBe(consumed);
    expect(g.partitions).toHaveLength(3);
    for (const p of g.partitions) {
      expect(p.end).toBe(10);
      const c = committed.get(p.partition);
      // A partition the group never committed on is shown as such, not as lag 0.
      if (c === undefined) expect(p).toMatchObject({ committed: null, lag: null });
      else expect(p).toMatchObject({ committed: c, lag: 10 - c });
      if (p.lag > 0) {
        // The next record to read was produced at the start of this test.
        expect(p.timeLagSource).toBe("record");
        expect(p.timeLagMs).toBeGreaterThanOrEqual(0);
        expect(p.timeLagMs).toBeLessThanOrEqual(Date.now() - producedAt + 1000);
      }
    }
    if (expectedTotal > 0) expect(g.maxTimeLagMs).toBeGreaterThan(0);
  }, 90_000);

  it("prints a table, adds no consumer group of its own, and sees a stopped consumer as not moving", async () => {
    const r = await run("lag", "--brokers", brokers, "--samples", "3", "--interval", "1");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(group);
    expect(r.out).toMatch(/TOPIC\s+PARTITION\s+END\s+COMMITTED\s+LAG\s+TIME-LAG\s+STATUS/);
    expect(r.out).not.toContain("flowlens-peek-");
    // Nobody consumes for this group any more: its offsets do not move while lag stays, so it is not OK
    // by the end of a full window of samples.
    const json = JSON.parse((await run("lag", "--brokers", brokers, "--group", group, "--json", "--samples", "3", "--interval", "1")).out);
    const lagging = json.groups[0].partitions.filter((p: { lag: number | null }) => (p.lag ?? 0) > 0);
    expect(lagging.length).toBeGreaterThan(0);
    for (const p of lagging) expect(["STALL", "STOP"]).toContain(p.status);
    expect(json.groups[0].status).toBe("ERR");
    const failing = await run("lag", "--brokers", brokers, "--group", group, "--samples", "3", "--interval", "1", "--fail-on", "err");
    expect(failing.code).toBe(1);
    expect(failing.err).toContain(`${group} is ERR`);
  }, 90_000);

  it("says clearly when the cluster cannot be reached, or the group does not exist", async () => {
    const down = await run("lag", "--brokers", "127.0.0.1:1");
    expect(down.code).toBe(2);
    expect(down.err).toMatch(/cannot read 127\.0\.0\.1:1: /);
    const missing = await run("lag", "--brokers", brokers, "--group", "no-such-group");
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no consumer group "no-such-group"/);
    expect((await run("lag", "--brokers", brokers, "--fail-on", "maybe")).err).toMatch(/--fail-on takes err or warn/);
  }, 60_000);
});
