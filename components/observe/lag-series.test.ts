import { describe, expect, it } from "vitest";
import { describeLag, rangeLabel, toLagColumns, type LagPointView } from "./lag-series";

const MIN = 60_000;
const point = (minute: number, lag: number | null, timeLagMs: number | null, lastLag = lag): LagPointView => ({
  timeMs: minute * MIN,
  maxLag: lag,
  lastLag,
  maxTimeLagMs: timeLagMs,
  samples: 12,
});

describe("toLagColumns", () => {
  it("gives seconds on x, messages and seconds of lag", () => {
    expect(toLagColumns([point(1, 10, 4000), point(2, 5, 2000)], MIN)).toEqual([
      [60, 120],
      [10, 5],
      [4, 2],
    ]);
  });
  it("breaks the line where minutes are missing instead of joining across", () => {
    const [x, lag, timeLag] = toLagColumns([point(1, 10, 4000), point(5, 7, null)], MIN);
    expect(x).toEqual([60, 120, 300]);
    expect(lag).toEqual([10, null, 7]);
    expect(timeLag).toEqual([4, null, null]);
  });
  it("keeps a minute without a commit as a gap, not zero", () => {
    expect(toLagColumns([point(1, null, null)], MIN)[1]).toEqual([null]);
  });
});

describe("describeLag", () => {
  it("summarises now and the peak", () => {
    expect(describeLag([point(1, 5000, 300_000, 4000), point(2, 1234, 120_000)], 60)).toBe(
      "Lag over the last hour: now 1,234 messages, 2 min behind; peak 5,000 messages",
    );
  });
  it("says when there is nothing yet or no commit", () => {
    expect(describeLag([], 360)).toBe("Lag over the last 6 hours: no history yet");
    expect(describeLag([point(1, null, null)], 1440)).toBe("Lag over the last 24 hours: now no committed offset");
  });
  it("names ranges", () => {
    expect(rangeLabel(90)).toBe("the last 90 minutes");
  });
});
