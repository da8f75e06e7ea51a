import { describe, expect, it } from "vitest";
import { LagHistory } from "./history";
import type { PartitionLag } from "./lag";

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2025, 0, 1);
const orders0 = { group: "billing", topic: "orders", partition: 0 } as const;

describe("LagHistory", () => {
  it("folds the polls of one minute into a bucket: max lag, last lag, max time lag", () => {
    const h = new LagHistory();
    h.addSample(orders0, T0 + 5 * S, { lag: 40, timeLagMs: 2 * S });
    h.addSample(orders0, T0 + 25 * S, { lag: 90, timeLagMs: 7 * S });
    h.addSample(orders0, T0 + 55 * S, { lag: 10, timeLagMs: 1 * S });
    h.addSample(orders0, T0 + 65 * S, { lag: 5, timeLagMs: 0 });
    expect(h.series(orders0, T0, T0 + 2 * MIN)).toEqual([
      { timeMs: T0, maxLag: 90, lastLag: 10, maxTimeLagMs: 7 * S, samples: 3 },
      { timeMs: T0 + MIN, maxLag: 5, lastLag: 5, maxTimeLagMs: 0, samples: 1 },
    ]);
  });

  it("keeps the newest sample as the bucket's last lag even if an older one arrives late", () => {
    const h = new LagHistory();
    h.addSample(orders0, T0 + 30 * S, { lag: 20, timeLagMs: null });
    h.addSample(orders0, T0 + 10 * S, { lag: 70, timeLagMs: null });
    expect(h.series(orders0, T0, T0)).toEqual([{ timeMs: T0, maxLag: 70, lastLag: 20, maxTimeLagMs: null, samples: 2 }]);
  });

  it("keeps a minute with no committed offset as null, not as 0 lag", () => {
    const h = new LagHistory();
    h.addSample(orders0, T0, { lag: null, timeLagMs: null });
    expect(h.series(orders0, T0, T0)).toEqual([{ timeMs: T0, maxLag: null, lastLag: null, maxTimeLagMs: null, samples: 1 }]);
    h.addSample(orders0, T0 + S, { lag: 12, timeLagMs: null });
    expect(h.series(orders0, T0, T0)[0]).toMatchObject({ maxLag: 12, lastLag: 12 });
  });

  it("leaves minutes nobody polled out of the series instead of charting them as 0", () => {
    const h = new LagHistory();
    h.addSample(orders0, T0, { lag: 1, timeLagMs: null });
    h.addSample(orders0, T0 + 10 * MIN, { lag: 2, timeLagMs: null });
    expect(h.series(orders0, T0, T0 + HOUR).map((p) => p.timeMs)).toEqual([T0, T0 + 10 * MIN]);
  });

  it("keeps a full 24 hours at one-minute resolution, polled every 15 s", () => {
    const h = new LagHistory();
    const end = T0 + 24 * HOUR;
    for (let t = T0; t <= end; t += 15 * S) h.addSample(orders0, t, { lag: Math.floor((t - T0) / MIN), timeLagMs: null });
    const s = h.series(orders0, end - 24 * HOUR, end);
    // Every minute from 24 h before the newest sample, through the minute it is in.
    expect(s).toHaveLength(24 * 60 + 1);
    expect(s[0]).toMatchObject({ timeMs: T0, maxLag: 0, samples: 4 });
    expect(s.at(-1)).toMatchObject({ timeMs: end, lastLag: 24 * 60, samples: 1 });
    expect(s.every((p, i) => i === 0 || p.timeMs - s[i - 1]!.timeMs === MIN)).toBe(true);
  });

  it("evicts minutes older than 24 hours as new ones arrive, so memory stays bounded", () => {
    const h = new LagHistory();
    for (let m = 0; m < 3 * 24 * 60; m++) h.addSample(orders0, T0 + m * MIN, { lag: m, timeLagMs: null });
    const newest = T0 + (3 * 24 * 60 - 1) * MIN;
    const s = h.series(orders0, 0, newest);
    expect(s).toHaveLength(h.capacity);
    expect(h.capacity).toBe(24 * 60 + 1);
    expect(s[0]!.timeMs).toBe(newest - 24 * HOUR);
    expect(s.some((p) => p.timeMs < newest - 24 * HOUR)).toBe(false);
  });

  it("drops a sample that arrives more than 24 hours late", () => {
    const h = new LagHistory();
    h.addSample(orders0, T0 + 30 * HOUR, { lag: 1, timeLagMs: null });
    h.addSample(orders0, T0, { lag: 999, timeLagMs: null });
    expect(h.series(orders0, 0, T0 + 31 * HOUR).map((p) => p.maxLag)).toEqual([1]);
  });

  it("a chart range returns the buckets it overlaps, including the one it starts inside", () => {
    const h = new LagHistory();
    for (let m = 0; m < 10; m++) h.addSample(orders0, T0 + m * MIN, { lag: m, timeLagMs: null });
    expect(h.series(orders0, T0 + 2 * MIN + 30 * S, T0 + 4 * MIN).map((p) => p.lastLag)).toEqual([2, 3, 4]);
  });

  it("keeps series apart per group, topic and partition, and a separate group total", () => {
    const h = new LagHistory();
    const lags: PartitionLag[] = [
      { topic: "orders", partition: 0, end: 100, committed: 60, lag: 40, timeLagMs: 4 * S, timeLagSource: "interpolated" },
      { topic: "orders", partition: 1, end: 100, committed: null, lag: null, timeLagMs: null, timeLagSource: "none" },
      { topic: "payments", partition: 0, end: 50, committed: 45, lag: 5, timeLagMs: 9 * S, timeLagSource: "record" },
    ];
    h.addGroupPoll("billing", T0, lags);
    h.addGroupPoll("audit", T0, [{ ...lags[0]!, lag: 1, timeLagMs: 0 }]);
    expect(h.series({ group: "billing" }, T0, T0)[0]).toMatchObject({ maxLag: 45, maxTimeLagMs: 9 * S });
    expect(h.series({ group: "billing", topic: "orders", partition: 1 }, T0, T0)[0]).toMatchObject({ maxLag: null });
    expect(h.series({ group: "audit", topic: "orders", partition: 0 }, T0, T0)[0]).toMatchObject({ maxLag: 1 });
    expect(h.series({ group: "billing", topic: "orders", partition: 0 }, T0, T0)[0]).toMatchObject({ maxLag: 40 });
    expect(h.keys()).toHaveLength(6);
  });

  it("prune frees series with nothing left in the last 24 hours; forget drops a group", () => {
    const h = new LagHistory();
    h.addSample({ group: "gone" }, T0, { lag: 1, timeLagMs: null });
    h.addSample({ group: "live" }, T0 + 25 * HOUR, { lag: 1, timeLagMs: null });
    h.addSample(orders0, T0 + 25 * HOUR, { lag: 1, timeLagMs: null });
    expect(h.series({ group: "gone" }, 0, T0 + 26 * HOUR)).toEqual([]);
    h.prune();
    expect(h.keys()).toEqual([{ group: "live" }, orders0]);
    h.forget("billing");
    expect(h.keys()).toEqual([{ group: "live" }]);
  });
});
