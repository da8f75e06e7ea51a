import { describe, expect, it } from "vitest";
import { groupLagRollup, isBehindLogStart, messageLag, OffsetHistory, partitionLag, timeLag, timeOfOffset, type PartitionLag } from "./lag";

const S = 1000;
const MIN = 60 * S;

describe("partitionLag", () => {
  it("is end − committed: end 100, committed 60 is 40 behind", () => {
    expect(partitionLag({ topic: "orders", partition: 0, end: 100, committed: 60 })).toMatchObject({ topic: "orders", partition: 0, lag: 40 });
  });

  it("reports a partition the group never committed on as no lag (null), not 0", () => {
    const l = partitionLag({ topic: "orders", partition: 1, end: 100, committed: null });
    expect(l.lag).toBeNull();
    expect(l.committed).toBeNull();
    expect(l).toMatchObject({ timeLagMs: null, timeLagSource: "none" });
  });

  it("never reports negative lag when the commit is ahead of the end offset (e.g. the end was read first)", () => {
    expect(partitionLag({ topic: "t", partition: 0, end: 100, committed: 105 }).lag).toBe(0);
  });

  it("a caught-up partition is 0 behind in messages and in time, even without a clock", () => {
    expect(partitionLag({ topic: "t", partition: 0, end: 100, committed: 100 })).toMatchObject({ lag: 0, timeLagMs: 0, timeLagSource: "caught-up" });
  });

  it("without a clock a lagging partition has no time lag rather than a made-up one", () => {
    expect(partitionLag({ topic: "t", partition: 0, end: 100, committed: 60 })).toMatchObject({ lag: 40, timeLagMs: null, timeLagSource: "none" });
  });

  it("with a clock and samples it reports the interpolated time lag", () => {
    const l = partitionLag(
      { topic: "t", partition: 0, end: 300, committed: 150 },
      { nowMs: 20 * S, samples: [{ offset: 100, timeMs: 0 }, { offset: 200, timeMs: 10 * S }] },
    );
    expect(l).toMatchObject({ lag: 150, timeLagMs: 15 * S, timeLagSource: "interpolated" });
  });

  it("messageLag agrees: null without a commit, clamped at 0", () => {
    expect([messageLag(100, 60), messageLag(100, null), messageLag(100, 200)]).toEqual([40, null, 0]);
  });
});

describe("isBehindLogStart", () => {
  it("flags a group whose committed offset was already deleted by retention", () => {
    expect(isBehindLogStart({ topic: "t", partition: 0, end: 500, committed: 100, start: 200 })).toBe(true);
    expect(isBehindLogStart({ topic: "t", partition: 0, end: 500, committed: 200, start: 200 })).toBe(false);
    expect(isBehindLogStart({ topic: "t", partition: 0, end: 500, committed: null, start: 200 })).toBe(false);
    expect(isBehindLogStart({ topic: "t", partition: 0, end: 500, committed: 100 })).toBe(false);
  });
});

describe("timeLag", () => {
  const now = 100 * S;

  it("is 0 and caught-up when there is no lag, whatever else is known", () => {
    expect(timeLag({ nowMs: now, committed: 100, end: 100, recordTimestampMs: 0 })).toEqual({ ms: 0, source: "caught-up" });
  });

  it("is unknown without a committed offset", () => {
    expect(timeLag({ nowMs: now, committed: null, end: 100, recordTimestampMs: 0 })).toEqual({ ms: null, source: "none" });
  });

  it("uses the timestamp of the record at the committed offset when it was read", () => {
    expect(timeLag({ nowMs: now, committed: 60, end: 100, recordTimestampMs: now - 42 * S })).toEqual({ ms: 42 * S, source: "record" });
  });

  it("never shows a negative time lag for a record stamped in the future (producer clock skew)", () => {
    expect(timeLag({ nowMs: now, committed: 60, end: 100, recordTimestampMs: now + 5 * S })).toEqual({ ms: 0, source: "record" });
  });

  it("prefers the record's own timestamp over interpolation", () => {
    const r = timeLag({ nowMs: now, committed: 60, end: 100, recordTimestampMs: now - 7 * S, samples: [{ offset: 0, timeMs: 0 }] });
    expect(r).toEqual({ ms: 7 * S, source: "record" });
  });

  it("interpolates linearly between the two samples that bracket the committed offset", () => {
    // End was 1000 at t=10 s and 2000 at t=20 s: offset 1250 was reached at t=12.5 s.
    const samples = [
      { offset: 0, timeMs: 0 },
      { offset: 1000, timeMs: 10 * S },
      { offset: 2000, timeMs: 20 * S },
      { offset: 3000, timeMs: 30 * S },
    ];
    expect(timeLag({ nowMs: 40 * S, committed: 1250, end: 3500, samples })).toEqual({ ms: 27.5 * S, source: "interpolated" });
  });

  it("treats the current end offset as the newest sample, so a commit past every stored sample still gets a time", () => {
    // Last stored sample: end 1000 at t=10 s. Now (t=20 s) the end is 2000; offset 1500 was reached at t=15 s.
    const r = timeLag({ nowMs: 20 * S, committed: 1500, end: 2000, samples: [{ offset: 1000, timeMs: 10 * S }] });
    expect(r).toEqual({ ms: 5 * S, source: "interpolated" });
  });

  it("extrapolates backwards at the earliest rate seen when the commit predates every sample", () => {
    // 10 msgs/s between the first two samples; offset 500 is 500 behind the first one: 50 s before t=100 s.
    const samples = [
      { offset: 1000, timeMs: 100 * S },
      { offset: 1100, timeMs: 110 * S },
      { offset: 5000, timeMs: 120 * S },
    ];
    expect(timeLag({ nowMs: 130 * S, committed: 500, end: 6000, samples })).toEqual({ ms: 80 * S, source: "interpolated" });
  });

  it("skips a flat start when extrapolating: the rate comes from the first sample with a higher offset", () => {
    const samples = [
      { offset: 1000, timeMs: 0 },
      { offset: 1000, timeMs: 10 * S },
      { offset: 1200, timeMs: 20 * S },
    ];
    // 200 msgs in 20 s from the oldest sample: 10/s, so offset 900 was reached 10 s before t=0.
    expect(timeLag({ nowMs: 30 * S, committed: 900, end: 1200, samples })).toEqual({ ms: 40 * S, source: "interpolated" });
  });

  it("gives up (none) when nothing was produced while we watched and the commit predates it all", () => {
    const samples = [
      { offset: 1000, timeMs: 0 },
      { offset: 1000, timeMs: 10 * S },
    ];
    expect(timeLag({ nowMs: 20 * S, committed: 900, end: 1000, samples })).toEqual({ ms: null, source: "none" });
  });

  it("gives up (none) with no samples and no record timestamp", () => {
    expect(timeLag({ nowMs: now, committed: 60, end: 100 })).toEqual({ ms: null, source: "none" });
  });

  it("ignores samples from before the topic was recreated (offsets went backwards)", () => {
    const samples = [
      { offset: 50_000, timeMs: 0 },
      { offset: 60_000, timeMs: 10 * S },
      { offset: 0, timeMs: 20 * S },
      { offset: 100, timeMs: 30 * S },
    ];
    // Offset 50 of the new log: halfway between t=20 s and t=30 s, not near t=0 in the old log.
    expect(timeLag({ nowMs: 40 * S, committed: 50, end: 200, samples })).toEqual({ ms: 15 * S, source: "interpolated" });
  });

  it("timeOfOffset returns the moment the end reached the offset", () => {
    expect(timeOfOffset([{ offset: 0, timeMs: 0 }, { offset: 100, timeMs: 1000 }], 25)).toBe(250);
    expect(timeOfOffset([{ offset: 0, timeMs: 0 }, { offset: 100, timeMs: 1000 }], 150)).toBeNull();
  });
});

describe("OffsetHistory", () => {
  it("has no rate with a single sample, and reports msgs/s from the last two", () => {
    const h = new OffsetHistory();
    h.record("orders", 0, 1000, 0);
    expect(h.rate("orders", 0)).toBeNull();
    h.record("orders", 0, 1500, 10 * S);
    expect(h.rate("orders", 0)).toBe(50);
    h.record("orders", 0, 1600, 20 * S);
    expect(h.rate("orders", 0)).toBe(10);
  });

  it("reports 0 msgs/s, not null, when the offset did not move", () => {
    const h = new OffsetHistory();
    h.record("orders", 0, 1000, 0);
    h.record("orders", 0, 1000, 5 * S);
    expect(h.rate("orders", 0)).toBe(0);
  });

  it("averages over a window when asked", () => {
    const h = new OffsetHistory();
    [0, 100, 200, 1200].forEach((o, i) => h.record("t", 0, o, i * 10 * S));
    expect(h.rate("t", 0)).toBe(100);
    // From t=10 s (offset 100) to t=30 s (offset 1200).
    expect(h.rate("t", 0, 20 * S)).toBe(55);
  });

  it("says 0 msgs/s over the window for a log that stopped moving long ago, not unknown", () => {
    const h = new OffsetHistory();
    // Polled every 5 s for 5 minutes without a new record: only the run's two ends are kept.
    for (let t = 0; t <= 300; t += 5) h.record("idle", 0, 500, t * S);
    expect(h.samples("idle", 0)).toHaveLength(2);
    expect(h.rate("idle", 0, 60 * S)).toBe(0);
    // A burst of 120 records after the quiet spell: 2 msgs/s over the last minute.
    h.record("idle", 0, 620, 305 * S);
    expect(h.rate("idle", 0, 60 * S)).toBe(2);
  });

  it("sums a topic's partitions, and has no topic rate until some partition has one", () => {
    const h = new OffsetHistory();
    h.record("orders", 0, 0, 0);
    h.record("orders", 1, 0, 0);
    h.record("payments", 0, 0, 0);
    expect(h.topicRate("orders")).toBeNull();
    h.record("orders", 0, 100, 10 * S);
    h.record("orders", 1, 30, 10 * S);
    h.record("payments", 0, 1000, 10 * S);
    expect(h.topicRate("orders")).toBe(13);
    expect(h.topicRate("missing")).toBeNull();
  });

  it("keeps a run of identical offsets as its first and last sample, so interpolation still knows when the log stopped", () => {
    const h = new OffsetHistory();
    h.record("t", 0, 100, 0);
    h.record("t", 0, 200, 10 * S);
    for (let i = 2; i <= 10; i++) h.record("t", 0, 200, i * 10 * S);
    expect(h.samples("t", 0)).toEqual([
      { offset: 100, timeMs: 0 },
      { offset: 200, timeMs: 10 * S },
      { offset: 200, timeMs: 100 * S },
    ]);
    // Offset 150 was reached at 5 s, not somewhere in the quiet minute and a half after.
    expect(timeLag({ nowMs: 100 * S, committed: 150, end: 200, samples: h.samples("t", 0) })).toEqual({ ms: 95 * S, source: "interpolated" });
  });

  it("keeps only the last hour by default", () => {
    const h = new OffsetHistory();
    for (let m = 0; m <= 120; m++) h.record("t", 0, m * 10, m * MIN);
    const s = h.samples("t", 0);
    expect(s[0]).toEqual({ offset: 600, timeMs: 60 * MIN });
    expect(s.at(-1)).toEqual({ offset: 1200, timeMs: 120 * MIN });
    expect(s).toHaveLength(61);
  });

  it("stays bounded however fast it is polled", () => {
    const h = new OffsetHistory({ maxSamplesPerPartition: 100 });
    for (let i = 0; i < 10_000; i++) h.record("t", 0, i, i);
    expect(h.samples("t", 0)).toHaveLength(100);
    expect(h.samples("t", 0)[99]).toEqual({ offset: 9999, timeMs: 9999 });
  });

  it("starts over when offsets go backwards (topic recreated), instead of reporting a negative rate", () => {
    const h = new OffsetHistory();
    h.record("t", 0, 5000, 0);
    h.record("t", 0, 6000, 10 * S);
    h.record("t", 0, 10, 20 * S);
    expect(h.rate("t", 0)).toBeNull();
    expect(h.samples("t", 0)).toEqual([{ offset: 10, timeMs: 20 * S }]);
  });

  it("ignores a sample older than the newest one", () => {
    const h = new OffsetHistory();
    h.record("t", 0, 100, 10 * S);
    h.record("t", 0, 50, 5 * S);
    expect(h.samples("t", 0)).toEqual([{ offset: 100, timeMs: 10 * S }]);
  });

  it("prune drops partitions not seen within the retention; forget drops a topic", () => {
    const h = new OffsetHistory({ retentionMs: 10 * MIN });
    h.record("gone", 0, 1, 0);
    h.record("live", 0, 1, 20 * MIN);
    h.record("live", 1, 1, 20 * MIN);
    h.prune(21 * MIN);
    expect(h.samples("gone", 0)).toEqual([]);
    expect(h.samples("live", 0)).toHaveLength(1);
    h.forget("live", 1);
    expect(h.samples("live", 1)).toEqual([]);
    h.forget("live");
    expect(h.samples("live", 0)).toEqual([]);
  });
});

describe("groupLagRollup", () => {
  const lag = (topic: string, partition: number, l: number | null, timeLagMs: number | null): PartitionLag => ({
    topic,
    partition,
    end: 1000,
    committed: l === null ? null : 1000 - l,
    lag: l,
    timeLagMs,
    timeLagSource: timeLagMs === null ? "none" : "interpolated",
  });

  it("totals lag per group and per topic, with the largest time lag and partitions without commits", () => {
    const r = groupLagRollup("billing", [
      lag("orders", 0, 40, 3 * S),
      lag("orders", 1, 10, 9 * S),
      lag("orders", 2, null, null),
      lag("payments", 0, 5, 1 * S),
    ]);
    expect(r).toMatchObject({ group: "billing", totalLag: 55, maxTimeLagMs: 9 * S, partitions: 4, partitionsWithoutCommit: 1 });
    expect(r.topics).toEqual([
      { topic: "orders", totalLag: 50, maxTimeLagMs: 9 * S, partitions: 3, partitionsWithoutCommit: 1 },
      { topic: "payments", totalLag: 5, maxTimeLagMs: 1 * S, partitions: 1, partitionsWithoutCommit: 0 },
    ]);
  });

  it("reports no total (null) rather than 0 when no partition has a commit", () => {
    const r = groupLagRollup("new-group", [lag("orders", 0, null, null), lag("orders", 1, null, null)]);
    expect(r).toMatchObject({ totalLag: null, maxTimeLagMs: null, partitionsWithoutCommit: 2 });
    expect(r.topics[0]!.totalLag).toBeNull();
  });

  it("a caught-up group totals 0", () => {
    expect(groupLagRollup("g", [lag("t", 0, 0, 0)])).toMatchObject({ totalLag: 0, maxTimeLagMs: 0, partitionsWithoutCommit: 0 });
  });
});
