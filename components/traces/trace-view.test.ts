import { describe, expect, it } from "vitest";
import { attributeText, barPosition, recordAddress, emptySearch, formatSpanDuration, paramsFromSearch, recordHref, searchFromParams, searchInput } from "./trace-view";

describe("trace search form", () => {
  it("round-trips through the query string, leaving empty fields out", () => {
    const form = { service: " fulfilment ", topic: "orders", consumerGroup: "g 1", minDurationMs: "250", errorsOnly: true, range: "6h" as const };
    const qs = paramsFromSearch(form);
    expect(qs).toBe("service=fulfilment&topic=orders&group=g+1&min=250&errors=1&range=6h");
    expect(searchFromParams(new URLSearchParams(qs))).toEqual({ ...form, service: "fulfilment" });
    expect(paramsFromSearch(emptySearch)).toBe("");
    expect(searchFromParams(new URLSearchParams("range=forever"))).toEqual(emptySearch);
  });

  it("sends numbers for the minimum duration and refuses text", () => {
    expect(searchInput({ ...emptySearch, minDurationMs: "12.5" })).toMatchObject({ minDurationMs: 12.5, service: undefined });
    expect(searchInput({ ...emptySearch, minDurationMs: "fast" })).toBeNull();
    expect(searchInput({ ...emptySearch, minDurationMs: "-1" })).toBeNull();
  });
});

describe("trace display", () => {
  it("formats span durations at the right scale", () => {
    expect([0.85, 1.254, 340, 2400, 185_000].map(formatSpanDuration)).toEqual(["850 µs", "1.25 ms", "340 ms", "2.4 s", "3 min 5 s"]);
  });

  it("places bars inside the timeline, never invisible", () => {
    expect(barPosition(25, 50, 100)).toEqual({ left: 25, width: 50 });
    expect(barPosition(100, 0, 100).width).toBeGreaterThan(0);
    expect(barPosition(0, 5, 0)).toEqual({ left: 0, width: 100 });
  });

  it("shows attribute values as text", () => {
    expect(attributeText("<b>x</b>")).toBe("<b>x</b>");
    expect(attributeText([1, "a"])).toBe('[1,"a"]');
    expect(attributeText(false)).toBe("false");
  });

  it("links to a record by topic, partition and offset, escaping the topic", () => {
    expect(recordHref("c1", { topic: "orders&x=1", partition: 2, offset: 41 })).toBe("/observe/c1/records?topic=orders%26x%3D1&partition=2&offset=41");
  });
});

describe("recordAddress", () => {
  it("reads topic, partition and offset from the query string, refusing anything but whole numbers", () => {
    expect(recordAddress({ topic: "orders", partition: "2", offset: "41" })).toEqual({ topic: "orders", partition: 2, offset: 41 });
    expect(recordAddress({ topic: "orders", partition: "-1", offset: "41" })).toBeNull();
    expect(recordAddress({ topic: "orders", partition: "1", offset: "4.5" })).toBeNull();
    expect(recordAddress({ topic: "orders", partition: "1", offset: "99999999999999999" })).toBeNull();
    expect(recordAddress({ partition: "1", offset: "1" })).toBeNull();
    expect(recordAddress({ topic: ["a", "b"], partition: "1", offset: "1" })).toBeNull();
  });
});
