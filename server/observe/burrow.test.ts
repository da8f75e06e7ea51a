import { describe, expect, it } from "vitest";
import {
  evaluateGroup,
  evaluatePartition,
  groupStatusOf,
  pushCommit,
  severityOrder,
  STATUSES,
  worst,
  type Commit,
  type LabelledPartitionEvaluation,
} from "./burrow";

const S = 1000;

/** Commits every 10 s from t=10 s: [offset, lag] pairs. */
const commits = (...pairs: Array<[number, number | null]>): Commit[] => pairs.map(([offset, lag], i) => ({ offset, lag, timeMs: (i + 1) * 10 * S }));
/** A full window of ten commits. */
const ten = (offset: (i: number) => number, lag: (i: number) => number | null): Commit[] =>
  commits(...Array.from({ length: 10 }, (_, i): [number, number | null] => [offset(i), lag(i)]));
// The window spans 10 s..100 s (90 s); STOP only once now is past 190 s.
const NOW = 105 * S;

describe("status names", () => {
  it("are Burrow's, in Burrow's order of severity", () => {
    expect(STATUSES).toEqual(["NOTFOUND", "OK", "WARN", "ERR", "STOP", "STALL", "REWIND"]);
    expect(severityOrder.OK).toBeLessThan(severityOrder.WARN);
    expect(severityOrder.WARN).toBeLessThan(severityOrder.ERR);
    expect(severityOrder.ERR).toBeLessThan(severityOrder.STOP);
  });

  it("worst picks the most severe, NOTFOUND when empty", () => {
    expect(worst(["OK", "WARN", "OK"])).toBe("WARN");
    expect(worst(["WARN", "STALL", "STOP"])).toBe("STALL");
    expect(worst([])).toBe("NOTFOUND");
  });

  it("a group reports STOP, STALL and REWIND partitions as ERR", () => {
    expect(["OK", "WARN", "STOP", "STALL", "REWIND", "NOTFOUND"].map((s) => groupStatusOf(s as never))).toEqual(["OK", "WARN", "ERR", "ERR", "ERR", "NOTFOUND"]);
  });
});

describe("evaluatePartition", () => {
  it("OK when any commit in the window had zero lag, even if lag grew since", () => {
    const w = ten((i) => 1000 + i * 100, (i) => (i === 3 ? 0 : 50 + i * 10));
    expect(evaluatePartition({ window: w, currentLag: 200, nowMs: NOW })).toMatchObject({ status: "OK", complete: 1 });
  });

  it("OK whenever the partition is caught up now, whatever the window says", () => {
    const w = ten(() => 1000, () => 100);
    expect(evaluatePartition({ window: w, currentLag: 0, nowMs: 10_000 * S }).status).toBe("OK");
  });

  it("STALL when the consumer keeps committing the same offset while lag stays", () => {
    const w = ten(() => 1000, () => 100);
    expect(evaluatePartition({ window: w, currentLag: 100, nowMs: NOW }).status).toBe("STALL");
  });

  it("STALL when the same offset is committed and lag grows", () => {
    const w = ten(() => 1000, (i) => 100 + i * 50);
    expect(evaluatePartition({ window: w, currentLag: 600, nowMs: NOW }).status).toBe("STALL");
  });

  it("WARN when offsets advance but lag never goes down (falling behind)", () => {
    const w = ten((i) => 1000 + i * 100, (i) => 50 + i * 10);
    expect(evaluatePartition({ window: w, currentLag: 150, nowMs: NOW }).status).toBe("WARN");
  });

  it("WARN also when lag stays exactly the same while offsets advance", () => {
    const w = ten((i) => 1000 + i * 100, () => 80);
    expect(evaluatePartition({ window: w, currentLag: 80, nowMs: NOW }).status).toBe("WARN");
  });

  it("OK when lag goes down at least once between two commits", () => {
    const w = ten((i) => 1000 + i * 100, (i) => (i === 6 ? 40 : 50 + i * 10));
    expect(evaluatePartition({ window: w, currentLag: 150, nowMs: NOW }).status).toBe("OK");
  });

  it("skips commits whose lag was not known when judging the trend", () => {
    const w = ten((i) => 1000 + i * 100, (i) => (i % 2 ? null : 50 + i * 10));
    expect(evaluatePartition({ window: w, currentLag: 150, nowMs: NOW }).status).toBe("WARN");
  });

  it("STOP when the consumer has been silent longer than its window took", () => {
    const w = ten((i) => 1000 + i * 100, (i) => 50 + i);
    // Window 10 s..100 s spans 90 s: silent for exactly 90 s is not yet stopped, 91 s is.
    expect(evaluatePartition({ window: w, currentLag: 500, nowMs: 190 * S }).status).not.toBe("STOP");
    expect(evaluatePartition({ window: w, currentLag: 500, nowMs: 191 * S }).status).toBe("STOP");
  });

  it("STOP wins over a zero lag in an old window: the consumer has since gone quiet", () => {
    const w = ten((i) => 1000 + i * 100, (i) => (i === 0 ? 0 : 10));
    expect(evaluatePartition({ window: w, currentLag: 500, nowMs: 500 * S }).status).toBe("STOP");
  });

  it("not STOP when a recent poll saw the log end at the last commit (the topic was just quiet)", () => {
    const w = ten((i) => 1000 + i * 100, (i) => 50 + i);
    expect(evaluatePartition({ window: w, currentLag: 5, nowMs: 500 * S, recentEndOffsets: [1900, 1905] }).status).not.toBe("STOP");
    expect(evaluatePartition({ window: w, currentLag: 5, nowMs: 500 * S, recentEndOffsets: [1903, 1905] }).status).toBe("STOP");
  });

  it("REWIND when the committed offset goes backwards", () => {
    const w = commits([1000, 100], [2000, 150], [3000, 200], [2000, 1250], [4000, 300], [4100, 290], [4200, 280], [4300, 270], [4400, 260], [4500, 250]);
    expect(evaluatePartition({ window: w, currentLag: 250, nowMs: NOW }).status).toBe("REWIND");
  });

  it("NOTFOUND for a partition the group never committed on, never OK with lag 0", () => {
    const r = evaluatePartition({ window: [], currentLag: null, nowMs: NOW });
    expect(r).toMatchObject({ status: "NOTFOUND", complete: 0, currentLag: null });
  });

  it("uses only the newest windowSize commits", () => {
    // An old rewind followed by ten commits stuck on one offset: STALL, the rewind has left the window.
    const w = [...commits([5000, 10], [100, 10]), ...ten(() => 100, () => 900).map((c) => ({ ...c, timeMs: c.timeMs + 20 * S }))];
    expect(evaluatePartition({ window: w, currentLag: 900, nowMs: NOW + 20 * S })).toMatchObject({ status: "STALL", complete: 1, start: { offset: 100 } });
  });

  describe("with an incomplete window", () => {
    it("reports how full the window is", () => {
      const w = commits([1000, 50], [1100, 60], [1200, 70]);
      expect(evaluatePartition({ window: w, currentLag: 70, nowMs: 35 * S }).complete).toBeCloseTo(0.3);
    });

    it("does not claim a trend yet: same offset twice, or lag up twice, is still OK", () => {
      expect(evaluatePartition({ window: commits([1000, 50], [1000, 60], [1000, 70]), currentLag: 70, nowMs: 35 * S }).status).toBe("OK");
      expect(evaluatePartition({ window: commits([1000, 50], [1100, 60], [1200, 70]), currentLag: 70, nowMs: 35 * S }).status).toBe("OK");
    });

    it("still shows a rewind", () => {
      expect(evaluatePartition({ window: commits([1000, 50], [900, 150]), currentLag: 150, nowMs: 25 * S }).status).toBe("REWIND");
    });

    it("still shows a stop once two commits give it a span", () => {
      expect(evaluatePartition({ window: commits([1000, 50], [1100, 60]), currentLag: 60, nowMs: 31 * S }).status).toBe("STOP");
    });

    it("one commit is not enough to call a consumer stopped", () => {
      expect(evaluatePartition({ window: commits([1000, 50]), currentLag: 50, nowMs: 1000 * S })).toMatchObject({ status: "OK", complete: 0.1 });
    });
  });
});

describe("pushCommit", () => {
  it("keeps the newest ten commits, oldest first", () => {
    let w: Commit[] = [];
    for (let i = 0; i < 15; i++) w = pushCommit(w, { offset: i, lag: 1, timeMs: i * S });
    expect(w.map((c) => c.offset)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it("merges commits closer than minDistanceMs, so a burst does not flush the window", () => {
    let w: Commit[] = [{ offset: 1, lag: 5, timeMs: 0 }];
    w = pushCommit(w, { offset: 2, lag: 4, timeMs: 10 * S }, { minDistanceMs: 1000 });
    w = pushCommit(w, { offset: 3, lag: 3, timeMs: 10 * S + 200 }, { minDistanceMs: 1000 });
    expect(w.map((c) => c.offset)).toEqual([1, 3]);
  });

  it("ignores a commit older than the newest", () => {
    const w = pushCommit([{ offset: 5, lag: 1, timeMs: 10 * S }], { offset: 4, lag: 1, timeMs: 5 * S });
    expect(w.map((c) => c.offset)).toEqual([5]);
  });
});

describe("evaluateGroup", () => {
  const p = (topic: string, partition: number, status: LabelledPartitionEvaluation["status"], currentLag: number | null, complete = 1): LabelledPartitionEvaluation => ({
    topic,
    partition,
    status,
    currentLag,
    complete,
    start: null,
    end: null,
  });

  it("is the worst partition, with STALL reported as ERR, and lists problems worst first", () => {
    const g = evaluateGroup([p("orders", 0, "OK", 10), p("orders", 1, "WARN", 300), p("payments", 0, "STALL", 40)]);
    expect(g.status).toBe("ERR");
    expect(g.problems.map((x) => `${x.topic}/${x.partition}:${x.status}`)).toEqual(["payments/0:STALL", "orders/1:WARN"]);
    expect(g.totalLag).toBe(350);
    expect(g.maxLag).toMatchObject({ topic: "orders", partition: 1 });
  });

  it("is WARN when the worst partition only falls behind", () => {
    expect(evaluateGroup([p("t", 0, "OK", 1), p("t", 1, "WARN", 9)]).status).toBe("WARN");
  });

  it("REWIND and STOP partitions make the group ERR", () => {
    expect(evaluateGroup([p("t", 0, "REWIND", 1)]).status).toBe("ERR");
    expect(evaluateGroup([p("t", 0, "STOP", 1)]).status).toBe("ERR");
  });

  it("a partition without a commit does not make an otherwise healthy group look bad, nor add 0 lag", () => {
    const g = evaluateGroup([p("t", 0, "OK", 5), p("t", 1, "NOTFOUND", null, 0)]);
    expect(g).toMatchObject({ status: "OK", totalLag: 5, complete: 0.5 });
  });

  it("is NOTFOUND with no lag when nothing was ever committed or there are no partitions", () => {
    expect(evaluateGroup([p("t", 0, "NOTFOUND", null, 0)])).toMatchObject({ status: "NOTFOUND", totalLag: null, maxLag: null });
    expect(evaluateGroup([])).toMatchObject({ status: "NOTFOUND", complete: 0, totalLag: null });
  });

  it("completeness is the share of partitions with a full window", () => {
    expect(evaluateGroup([p("t", 0, "OK", 1, 1), p("t", 1, "OK", 1, 0.4), p("t", 2, "OK", 1, 1), p("t", 3, "OK", 1, 0.9)]).complete).toBe(0.5);
  });
});
