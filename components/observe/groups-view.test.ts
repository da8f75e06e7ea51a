import { describe, expect, it } from "vitest";
import { filterGroups, noFilter, parseBound, sortGroups, type GroupRow } from "./groups-view";

const groups: GroupRow[] = [
  { groupId: "billing", status: "OK", totalLag: 0, maxTimeLagMs: 0, topics: ["invoices"] },
  { groupId: "shipping", status: "ERR", totalLag: 500, maxTimeLagMs: 120_000, topics: ["orders"] },
  { groupId: "audit", status: "NOTFOUND", totalLag: null, maxTimeLagMs: null, topics: ["orders", "invoices"] },
  { groupId: "search", status: "WARN", totalLag: 1200, maxTimeLagMs: 30_000, topics: ["Orders.v2"] },
];
const ids = (gs: GroupRow[]) => gs.map((g) => g.groupId);

describe("filterGroups", () => {
  it("matches group or topic names as plain, case-insensitive text", () => {
    expect(ids(filterGroups(groups, { ...noFilter, text: "ORDERS" }))).toEqual(["shipping", "audit", "search"]);
    expect(ids(filterGroups(groups, { ...noFilter, text: "bill" }))).toEqual(["billing"]);
    // Regex syntax is just text.
    expect(ids(filterGroups(groups, { ...noFilter, text: "orders.*" }))).toEqual([]);
  });
  it("filters by status, with 'not OK' keeping everything but OK", () => {
    expect(ids(filterGroups(groups, { ...noFilter, status: "notOk" }))).toEqual(["shipping", "audit", "search"]);
    expect(ids(filterGroups(groups, { ...noFilter, status: "WARN" }))).toEqual(["search"]);
  });
  it("keeps groups at or above a lag bound; a group without a commit never passes one", () => {
    expect(ids(filterGroups(groups, { ...noFilter, minLag: 500 }))).toEqual(["shipping", "search"]);
    expect(ids(filterGroups(groups, { ...noFilter, minLag: 0 }))).toEqual(["billing", "shipping", "search"]);
    expect(ids(filterGroups(groups, { ...noFilter, minTimeLagSeconds: 60 }))).toEqual(["shipping"]);
  });
});

describe("sortGroups", () => {
  it("sorts by lag with unknown lag last either way", () => {
    expect(ids(sortGroups(groups, { key: "lag", direction: "desc" }))).toEqual(["search", "shipping", "billing", "audit"]);
    expect(ids(sortGroups(groups, { key: "lag", direction: "asc" }))).toEqual(["billing", "shipping", "search", "audit"]);
  });
  it("sorts by severity, then name", () => {
    expect(ids(sortGroups(groups, { key: "status", direction: "desc" }))).toEqual(["shipping", "search", "billing", "audit"]);
  });
  it("sorts by time lag and by name", () => {
    expect(ids(sortGroups(groups, { key: "timeLag", direction: "desc" }))).toEqual(["shipping", "search", "billing", "audit"]);
    expect(ids(sortGroups(groups, { key: "group", direction: "asc" }))).toEqual(["audit", "billing", "search", "shipping"]);
  });
});

describe("parseBound", () => {
  it("reads a non-negative number or nothing", () => {
    expect(parseBound(" 250 ")).toBe(250);
    expect(parseBound("")).toBeNull();
    expect(parseBound("-1")).toBeNull();
    expect(parseBound("lots")).toBeNull();
  });
});
