import { describe, expect, it } from "vitest";
import {
  backoffMs,
  batchSize,
  decideRedrive,
  fullBucket,
  headerText,
  initialProgress,
  keylessPartition,
  planRanges,
  REDRIVE_COUNT_HEADER,
  REDRIVE_JOB_HEADER,
  REDRIVE_SOURCE_HEADER,
  redriveCount,
  redriveProgress,
  takeTokens,
  type DeadLetter,
  type RecordHeader,
  type TokenBucket,
} from "./redrive";

const enc = new TextEncoder();
const h = (key: string, value: string | null): RecordHeader => ({ key, value: value === null ? null : enc.encode(value) });
const keys = (hs: RecordHeader[]) => hs.map((x) => x.key);

/** A record as a Flowlens stub dead-letters it: the failure headers, plus the record's own. */
function deadLetter(extra: RecordHeader[] = [], at = { partition: 1, offset: 42 }): DeadLetter {
  return {
    topic: "orders.dlq",
    ...at,
    headers: [
      h("traceparent", "00-abc-def-01"),
      h("ce_type", "order.created"),
      h("x-original-topic", "orders"),
      h("x-original-partition", "2"),
      h("x-original-offset", "17"),
      h("x-error-class", "SchemaValidationError"),
      h("x-error-message", "amount must be a number"),
      h("x-attempts", "3"),
      h("x-failed-at", "2026-11-23T10:00:00.000Z"),
      ...extra,
    ],
  };
}

describe("where a dead-lettered record goes back", () => {
  it("goes to the topic named by x-original-topic, or to the chosen topic", () => {
    expect(decideRedrive(deadLetter(), { mode: "original" })).toMatchObject({ action: "send", topic: "orders" });
    expect(decideRedrive(deadLetter(), { mode: "topic", topic: "orders-replay" })).toMatchObject({ action: "send", topic: "orders-replay" });
  });

  it("is skipped when it has no original topic, or when that is the dead-letter topic itself", () => {
    const bare: DeadLetter = { topic: "orders.dlq", partition: 0, offset: 1, headers: [h("traceparent", "x")] };
    expect(decideRedrive(bare, { mode: "original" })).toEqual({ action: "skip", reason: "no-target" });
    expect(decideRedrive({ ...bare, headers: [h("x-original-topic", "")] }, { mode: "original" })).toEqual({ action: "skip", reason: "no-target" });
    expect(decideRedrive({ ...bare, headers: [h("x-original-topic", "orders.dlq")] }, { mode: "original" })).toEqual({ action: "skip", reason: "no-target" });
    // Not a name Kafka accepts: there is no such topic to go back to.
    expect(decideRedrive({ ...bare, headers: [h("x-original-topic", "orders/../x")] }, { mode: "original" })).toEqual({ action: "skip", reason: "no-target" });
    expect(decideRedrive({ ...bare, headers: [h("x-original-topic", "x".repeat(250))] }, { mode: "original" })).toEqual({ action: "skip", reason: "no-target" });
    // A forged header cannot send records into Kafka's internal topics or into another DLQ.
    expect(decideRedrive({ ...bare, headers: [h("x-original-topic", "__consumer_offsets")] }, { mode: "original" })).toEqual({ action: "skip", reason: "no-target" });
    expect(decideRedrive({ ...bare, headers: [h("x-original-topic", "payments-dlq")] }, { mode: "original" })).toEqual({ action: "skip", reason: "no-target" });
    expect(decideRedrive(bare, { mode: "topic", topic: "__transaction_state" })).toEqual({ action: "skip", reason: "no-target" });
    // A chosen topic does not need the header.
    expect(decideRedrive(bare, { mode: "topic", topic: "orders" })).toMatchObject({ action: "send", topic: "orders" });
  });
});

describe("the loop guard", () => {
  it("counts redrives in x-flowlens-redrive-count, starting at 1", () => {
    const first = decideRedrive(deadLetter(), { mode: "original" });
    expect(first.action === "send" && headerText(first.headers, REDRIVE_COUNT_HEADER)).toBe("1");
    const again = decideRedrive(deadLetter([h(REDRIVE_COUNT_HEADER, "2")]), { mode: "original" });
    expect(again.action === "send" && headerText(again.headers, REDRIVE_COUNT_HEADER)).toBe("3");
    // One count header on the way out, however many came in.
    expect(again.action === "send" && again.headers.filter((x) => x.key === REDRIVE_COUNT_HEADER)).toHaveLength(1);
  });

  it("refuses records already redriven the maximum number of times (3 unless set)", () => {
    expect(decideRedrive(deadLetter([h(REDRIVE_COUNT_HEADER, "3")]), { mode: "original" })).toEqual({ action: "skip", reason: "loop" });
    expect(decideRedrive(deadLetter([h(REDRIVE_COUNT_HEADER, "7")]), { mode: "topic", topic: "t" })).toEqual({ action: "skip", reason: "loop" });
    expect(decideRedrive(deadLetter([h(REDRIVE_COUNT_HEADER, "3")]), { mode: "original" }, { maxRedrives: 5 }).action).toBe("send");
    expect(decideRedrive(deadLetter([h(REDRIVE_COUNT_HEADER, "1")]), { mode: "original" }, { maxRedrives: 1 }).action).toBe("skip");
  });

  it("reads the largest count when the header repeats, and treats an unreadable one as none", () => {
    expect(redriveCount([h(REDRIVE_COUNT_HEADER, "1"), h(REDRIVE_COUNT_HEADER, "3")])).toBe(3);
    expect(redriveCount([h(REDRIVE_COUNT_HEADER, " 2 ")])).toBe(2);
    expect(redriveCount([h(REDRIVE_COUNT_HEADER, "two")])).toBe(0);
    expect(redriveCount([h(REDRIVE_COUNT_HEADER, null)])).toBe(0);
    expect(redriveCount([])).toBe(0);
  });
});

describe("the headers sent back", () => {
  it("drop the dead-letter headers, keep the record's own, and say where the record came from", () => {
    const d = decideRedrive(deadLetter(), { mode: "original" }, { jobId: "job-1" });
    if (d.action !== "send") throw new Error("expected a send");
    expect(keys(d.headers)).toEqual(["traceparent", "ce_type", REDRIVE_COUNT_HEADER, REDRIVE_SOURCE_HEADER, REDRIVE_JOB_HEADER]);
    expect(headerText(d.headers, "traceparent")).toBe("00-abc-def-01");
    expect(headerText(d.headers, REDRIVE_SOURCE_HEADER)).toBe("orders.dlq/1/42");
    expect(headerText(d.headers, REDRIVE_JOB_HEADER)).toBe("job-1");
  });

  it("replace the provenance of an earlier redrive instead of piling it up", () => {
    const d = decideRedrive(deadLetter([h(REDRIVE_COUNT_HEADER, "1"), h(REDRIVE_SOURCE_HEADER, "orders.dlq/0/3")]), { mode: "original" });
    if (d.action !== "send") throw new Error("expected a send");
    expect(d.headers.filter((x) => x.key === REDRIVE_SOURCE_HEADER).map((x) => headerText([x], x.key))).toEqual(["orders.dlq/1/42"]);
    expect(keys(d.headers)).not.toContain(REDRIVE_JOB_HEADER);
  });

  it("keep a header whose value is null", () => {
    const d = decideRedrive(deadLetter([h("x-tenant", null)]), { mode: "original" });
    expect(d.action === "send" && d.headers.find((x) => x.key === "x-tenant")).toEqual({ key: "x-tenant", value: null });
  });
});

describe("the partition of a record without a key", () => {
  it("is its original partition when sent back to its original topic, and stable otherwise", () => {
    const r = deadLetter([], { partition: 0, offset: 10 });
    expect(keylessPartition(r, { mode: "original" }, 3)).toBe(2);
    // The original topic has fewer partitions now: spread by offset, the same on every retry.
    expect(keylessPartition(r, { mode: "original" }, 2)).toBe(0);
    expect(keylessPartition(r, { mode: "topic", topic: "t" }, 4)).toBe(2);
    expect(keylessPartition(r, { mode: "topic", topic: "t" }, 4)).toBe(keylessPartition(r, { mode: "topic", topic: "t" }, 4));
  });
});

describe("the rate limit", () => {
  it("sends about five batches a second, at least one record each, at most 500", () => {
    expect(batchSize(100)).toBe(20);
    expect(batchSize(1)).toBe(1);
    expect(batchSize(100_000)).toBe(500);
  });

  it("lets one batch go at once, then paces the rest to the rate", () => {
    const rate = 100;
    let b: TokenBucket = fullBucket(rate, 0);
    let now = 0;
    let sent = 0;
    // 200 records in batches of 20: the first goes at once, then one every 200 ms.
    for (let i = 0; i < 10; i++) {
      const t = takeTokens(b, 20, rate, now);
      b = t.bucket;
      now += t.waitMs;
      sent += 20;
    }
    expect(sent).toBe(200);
    expect(now).toBe(1800);
  });

  it("does not let idle time pile up into a burst", () => {
    const rate = 100;
    const idle = takeTokens(fullBucket(rate, 0), 20, rate, 60_000);
    expect(idle.waitMs).toBe(0);
    // The bucket holds one batch at most, so the next batch waits its full share.
    expect(takeTokens(idle.bucket, 20, rate, 60_000).waitMs).toBe(200);
  });

  it("backs off from 0.5 s, doubling, up to 10 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffMs(n))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });
});

describe("the progress bar", () => {
  const base = { status: "running", total: 1000, scanned: 250, sent: 200, ratePerSecond: 100, startedAtMs: 0 };

  it("shows the share scanned and estimates from the rate at first, then from the pace seen", () => {
    expect(redriveProgress({ ...base, nowMs: 1000 })).toEqual({ fraction: 0.25, remaining: 750, etaMs: 7500 });
    // 250 in 5 s is 50 a second: slower than the rate, so the estimate follows what happens.
    expect(redriveProgress({ ...base, nowMs: 5000 })).toEqual({ fraction: 0.25, remaining: 750, etaMs: 15_000 });
  });

  it("is full when done, and has no estimate when not started, retrying or stopped", () => {
    expect(redriveProgress({ ...base, status: "done", nowMs: 9000 })).toEqual({ fraction: 1, remaining: 0, etaMs: null });
    expect(redriveProgress({ ...base, status: "queued", scanned: 0, startedAtMs: null, nowMs: 9000 })).toEqual({ fraction: 0, remaining: 1000, etaMs: null });
    expect(redriveProgress({ ...base, status: "retrying", nowMs: 9000 }).etaMs).toBeNull();
    expect(redriveProgress({ ...base, status: "cancelled", nowMs: 9000 })).toEqual({ fraction: 0.25, remaining: 750, etaMs: null });
    expect(redriveProgress({ ...base, total: 0, scanned: 0, nowMs: 9000 }).fraction).toBe(0);
  });

  it("starts every partition at the beginning of its range, with nothing in flight", () => {
    expect(initialProgress([{ partition: 2, from: 5, to: 9 }, { partition: 0, from: 0, to: 0 }])).toEqual({
      partitions: [
        { partition: 0, from: 0, next: 0, end: 0 },
        { partition: 2, from: 5, next: 5, end: 9 },
      ],
      inFlight: null,
    });
  });
});

describe("what a job goes through", () => {
  const bounds = [
    { partition: 0, start: 0, end: 10 },
    { partition: 1, start: 5, end: 8 },
    { partition: 2, start: 3, end: 3 },
  ];

  it("takes every partition from log start to log end, or the listed ones, clipped to what the topic holds", () => {
    expect(planRanges({ kind: "range" }, bounds)).toEqual({
      ranges: [
        { partition: 0, from: 0, to: 10 },
        { partition: 1, from: 5, to: 8 },
        { partition: 2, from: 3, to: 3 },
      ],
      total: 13,
      problems: [],
    });
    expect(planRanges({ kind: "range", partitions: [{ partition: 0, from: 4 }, { partition: 1, from: 0, to: 6 }] }, bounds)).toMatchObject({
      ranges: [
        { partition: 0, from: 4, to: 10 },
        { partition: 1, from: 5, to: 6 },
      ],
      total: 7,
    });
  });

  it("narrows a range to a time window", () => {
    const from = new Map([[0, 2], [1, 8], [2, 3]]);
    const to = new Map([[0, 6], [1, 8], [2, 3]]);
    expect(planRanges({ kind: "range", fromTimeMs: 1, toTimeMs: 2 }, bounds, { from, to })).toMatchObject({
      ranges: [
        { partition: 0, from: 2, to: 6 },
        { partition: 1, from: 8, to: 8 },
        { partition: 2, from: 3, to: 3 },
      ],
      total: 4,
    });
  });

  it("counts chosen records once and spans each partition's chosen offsets", () => {
    const plan = planRanges({ kind: "records", records: [{ partition: 0, offset: 7 }, { partition: 0, offset: 2 }, { partition: 0, offset: 7 }, { partition: 1, offset: 5 }] }, bounds);
    expect(plan).toEqual({ ranges: [{ partition: 0, from: 2, to: 8 }, { partition: 1, from: 5, to: 6 }], total: 3, problems: [] });
  });

  it("says which chosen records or partitions are not there", () => {
    expect(planRanges({ kind: "records", records: [{ partition: 1, offset: 2 }, { partition: 9, offset: 0 }] }, bounds).problems).toEqual([
      "Record 1/2 is not in the topic (partition 1 holds offsets 5–7).",
      "Partition 9 does not exist.",
    ]);
    expect(planRanges({ kind: "range", partitions: [{ partition: 4 }] }, bounds).problems).toEqual(["Partition 4 does not exist."]);
    expect(planRanges({ kind: "range", fromTimeMs: 5, toTimeMs: 5 }, bounds).problems).toEqual(["The time window ends before it starts."]);
  });
});
