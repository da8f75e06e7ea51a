import { describe, expect, it } from "vitest";
import { formatClock, formatDuration, formatLag, formatRate } from "./format";

describe("formatLag", () => {
  it("says a partition without a commit has no lag, not zero", () => {
    expect(formatLag(null)).toBe("—");
    expect(formatLag(0)).toBe("0");
  });
  it("groups thousands", () => {
    expect(formatLag(1234)).toBe("1,234");
    expect(formatLag(12_345_678)).toBe("12,345,678");
  });
});

describe("formatDuration", () => {
  it("keeps a tenth of a second below ten seconds", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(4200)).toBe("4.2 s");
    expect(formatDuration(4000)).toBe("4 s");
    expect(formatDuration(9960)).toBe("10 s");
  });
  it("switches to minutes, hours and days", () => {
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(59_600)).toBe("1 min");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration((2 * 60 + 10) * 60_000)).toBe("2 h 10 min");
    expect(formatDuration(3 * 3_600_000)).toBe("3 h");
    expect(formatDuration((3 * 24 + 4) * 3_600_000)).toBe("3 d 4 h");
  });
  it("says unknown for null and never goes negative", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(-5)).toBe("0 s");
  });
});

describe("formatRate", () => {
  it("formats messages per second", () => {
    expect(formatRate(12.5)).toBe("12.5 msg/s");
    expect(formatRate(0)).toBe("0 msg/s");
    expect(formatRate(1250.4)).toBe("1,250 msg/s");
    expect(formatRate(0.01)).toBe("< 0.1 msg/s");
    expect(formatRate(null)).toBe("—");
  });
});

describe("formatClock", () => {
  it("is a 24-hour time of day", () => {
    expect(formatClock(new Date(2024, 0, 2, 14, 3, 7).getTime())).toBe("14:03:07");
  });
});
