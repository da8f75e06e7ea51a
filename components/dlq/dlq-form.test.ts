import { describe, expect, it } from "vitest";
import { browseInput, describeRange, emptyForm, formFilter, parseLocalDateTime, parsePartitions, redriveRange, toLocalDateTime, type DlqForm } from "./dlq-form";

const target = { clusterId: "c1", topic: "orders.dlq" };
const form = (f: Partial<DlqForm>): DlqForm => ({ ...emptyForm, ...f });

describe("parsePartitions", () => {
  it("reads lists and ranges, sorted and without repeats", () => {
    expect(parsePartitions("")).toEqual([]);
    expect(parsePartitions("2, 0 4-6,2")).toEqual([0, 2, 4, 5, 6]);
  });
  it("refuses anything else", () => {
    expect(parsePartitions("a")).toBeNull();
    expect(parsePartitions("-1")).toBeNull();
    expect(parsePartitions("5-2")).toBeNull();
    expect(parsePartitions("0-20000")).toBeNull();
  });
});

describe("parseLocalDateTime", () => {
  it("reads datetime-local values in the local zone", () => {
    expect(parseLocalDateTime("2024-03-05T14:30")).toBe(new Date(2024, 2, 5, 14, 30).getTime());
    expect(parseLocalDateTime("2024-03-05T14:30:15")).toBe(new Date(2024, 2, 5, 14, 30, 15).getTime());
    expect(parseLocalDateTime(toLocalDateTime(new Date(2024, 0, 1, 1, 2, 3).getTime()))).toBe(new Date(2024, 0, 1, 1, 2, 3).getTime());
  });
  it("refuses impossible dates and other text", () => {
    expect(parseLocalDateTime("2024-02-30T10:00")).toBeNull();
    expect(parseLocalDateTime("yesterday")).toBeNull();
  });
});

describe("browseInput", () => {
  it("defaults to the newest 100 records of every partition, oldest first, unfiltered", () => {
    expect(browseInput(emptyForm, target)).toEqual({ ok: true, value: { clusterId: "c1", topic: "orders.dlq", max: 100, newestFirst: false } });
  });

  it("passes the flow, partitions, an offset range and the order", () => {
    const r = browseInput(form({ partitions: "1,0", from: "10", to: "20", newestFirst: true, max: "5" }), { ...target, flowId: "f1" });
    expect(r).toEqual({ ok: true, value: { clusterId: "c1", flowId: "f1", topic: "orders.dlq", partitions: [0, 1], from: { offset: 10 }, to: { offset: 20 }, max: 5, newestFirst: true } });
  });

  it("turns a time range into ms since the epoch", () => {
    const r = browseInput(form({ rangeKind: "time", from: "2024-03-05T14:30" }), target);
    expect(r.ok && r.value.from).toEqual({ timeMs: new Date(2024, 2, 5, 14, 30).getTime() });
  });

  it("says what is wrong, field by field", () => {
    const r = browseInput(form({ max: "5000", from: "x", partitions: "a" }), { ...target, topic: " " });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(["from", "max", "partitions", "topic"]);
    const backwards = browseInput(form({ from: "20", to: "10" }), target);
    expect(!backwards.ok && backwards.errors.to).toBeTruthy();
  });

  it("keeps filter text as typed: `.*(` is three characters, not a pattern", () => {
    const r = browseInput(form({ valueContains: ".*(", key: "a+b", keyMode: "equals", caseInsensitive: true }), target);
    expect(r.ok && r.value.filter).toEqual({ key: { equals: "a+b" }, valueContains: ".*(", caseInsensitive: true });
  });
});

describe("formFilter", () => {
  it("leaves blank fields out and is undefined when nothing filters", () => {
    expect(formFilter(form({ caseInsensitive: true })).filter).toBeUndefined();
  });
  it("matches a header by presence, equality or substring", () => {
    expect(formFilter(form({ headerName: " x-tenant " })).filter).toEqual({ header: [{ name: "x-tenant" }] });
    expect(formFilter(form({ headerName: "x-tenant", headerValue: "acme" })).filter).toEqual({ header: [{ name: "x-tenant", equals: "acme" }] });
    expect(formFilter(form({ headerName: "x-tenant", headerValue: "ac", headerMode: "contains" })).filter).toEqual({ header: [{ name: "x-tenant", contains: "ac" }] });
  });
  it("asks for a header name when only a value is given", () => {
    expect(formFilter(form({ headerValue: "acme" })).errors.headerName).toBeTruthy();
  });
  it("takes the error class whole, trimmed", () => {
    expect(formFilter(form({ errorClass: " SchemaValidationError " })).filter).toEqual({ errorClass: "SchemaValidationError" });
  });
});

describe("redriveRange", () => {
  it("redrives every partition with the filter when no range is given", () => {
    expect(redriveRange(form({ errorClass: "E", max: "1", newestFirst: true }), [0, 1])).toEqual({ ok: true, value: { kind: "range", filter: { errorClass: "E" } } });
  });
  it("spreads an offset range over the partitions the read went through", () => {
    expect(redriveRange(form({ from: "3", to: "9" }), [0, 1])).toEqual({
      ok: true,
      value: { kind: "range", partitions: [{ partition: 0, from: 3, to: 9 }, { partition: 1, from: 3, to: 9 }] },
    });
    expect(redriveRange(form({ from: "3", partitions: "1" }), [0, 1])).toEqual({ ok: true, value: { kind: "range", partitions: [{ partition: 1, from: 3 }] } });
  });
  it("needs partitions for an offset range", () => {
    const r = redriveRange(form({ from: "3" }), []);
    expect(!r.ok && r.errors.partitions).toBeTruthy();
  });
  it("passes a time window as times", () => {
    const r = redriveRange(form({ rangeKind: "time", from: "2024-03-05T14:30" }), [0]);
    expect(r).toEqual({ ok: true, value: { kind: "range", fromTimeMs: new Date(2024, 2, 5, 14, 30).getTime() } });
  });
});

describe("describeRange", () => {
  it("reads as a sentence", () => {
    expect(describeRange({ kind: "range", partitions: [{ partition: 0, from: 3, to: 9 }], filter: { valueContains: ".*(", caseInsensitive: true } })).toBe(
      "partition 0, offsets 3 to 8, value contains “.*(”, ignoring case",
    );
    expect(describeRange({ kind: "range" })).toBe("every partition");
  });
});
