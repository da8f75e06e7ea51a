import { describe, expect, it } from "vitest";
import type { DeadLetterInfo } from "@/server/observe/dlq";
import { percent, redriveOutcome, selectedTargets, targetLabel, type RedriveFigures } from "./redrive-text";

const job: RedriveFigures = {
  status: "done",
  targetMode: "original",
  targetTopic: null,
  total: 2,
  scanned: 2,
  sent: 2,
  skippedLoop: 0,
  skippedNoTarget: 0,
  filteredOut: 0,
  duplicates: 0,
};

const dl = (originalTopic: string | null, redriveCount = 0): { deadLetter: DeadLetterInfo } => ({
  deadLetter: { originalTopic, originalPartition: null, originalOffset: null, errorClass: null, errorMessage: null, attempts: null, failedAt: null, redriveCount },
});

describe("redriveOutcome", () => {
  it("names what was sent and how many duplicates", () => {
    expect(redriveOutcome(job)).toBe("done: 2 sent, 0 duplicates");
  });
  it("names the skips that happened", () => {
    expect(redriveOutcome({ ...job, status: "running", sent: 1200, skippedLoop: 1, skippedNoTarget: 2, filteredOut: 3, duplicates: 1 })).toBe(
      "running: 1,200 sent, 1 skipped (loop guard), 2 skipped (no original topic), 3 not matching the filter, 1 duplicate",
    );
  });
});

describe("targetLabel", () => {
  it("says where records go", () => {
    expect(targetLabel(job)).toBe("original topics (x-original-topic)");
    expect(targetLabel({ targetMode: "topic", targetTopic: "orders" })).toBe("orders");
  });
});

describe("percent", () => {
  it("is a whole number from 0 to 100", () => {
    expect(percent(0.456)).toBe(46);
    expect(percent(1.2)).toBe(100);
    expect(percent(-1)).toBe(0);
  });
});

describe("selectedTargets", () => {
  it("lists original topics once and counts records without one or at the loop limit", () => {
    expect(selectedTargets([dl("b"), dl("a"), dl("b", 3), dl(null), { deadLetter: null }], 3)).toEqual({ topics: ["a", "b"], withoutOriginal: 2, atLimit: 1 });
  });
});
