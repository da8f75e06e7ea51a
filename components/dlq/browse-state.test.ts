import { describe, expect, it } from "vitest";
import type { RecordView } from "@/server/observe/dlq";
import { browseReducer, browseSummary, idleBrowse, type BrowseAction, type BrowseState } from "./browse-state";

const record = (partition: number, offset: number): RecordView => ({
  topic: "t.dlq",
  partition,
  offset,
  timestampMs: 1000 + offset,
  key: null,
  value: { kind: "text", text: `v${offset}`, bytes: 2, truncated: false },
  headers: [],
  deadLetter: null,
});

const run = (actions: BrowseAction[], from: BrowseState = idleBrowse) => actions.reduce(browseReducer, from);
const progress = (scanned: number, matched: number): BrowseAction => ({ type: "event", event: { type: "progress", scanned, matched, partitions: [] } });
const data = (...records: RecordView[]): BrowseAction => ({ type: "event", event: { type: "data", records } });

describe("browseReducer", () => {
  it("collects pages of records and the counts, then the end", () => {
    const s = run([
      { type: "start" },
      progress(0, 0),
      data(record(0, 0), record(0, 1)),
      progress(2, 2),
      data(record(1, 0)),
      { type: "event", event: { type: "done", scanned: 3, matched: 3, truncated: false, reason: "end" } },
    ]);
    expect(s.status).toBe("done");
    expect(s.records.map((r) => `${r.partition}/${r.offset}`)).toEqual(["0/0", "0/1", "1/0"]);
    expect(browseSummary(s, 100)).toBe("3 records matched of 3 read. End of the range.");
  });

  it("starts over, not twice over, when the server restarts the read after a reconnect", () => {
    const s = run([{ type: "start" }, progress(0, 0), data(record(0, 0)), progress(1, 1), progress(0, 0), data(record(0, 0))]);
    expect(s.records).toHaveLength(1);
  });

  it("never lists a record twice", () => {
    expect(run([{ type: "start" }, data(record(0, 0)), data(record(0, 0), record(0, 1))]).records).toHaveLength(2);
  });

  it("keeps what was read when stopped, and drops what still arrives", () => {
    const s = run([{ type: "start" }, data(record(0, 0)), { type: "stop" }, data(record(0, 1))]);
    expect(s.status).toBe("stopped");
    expect(s.records).toHaveLength(1);
  });

  it("ends with the server's error or the link's", () => {
    expect(run([{ type: "start" }, { type: "event", event: { type: "error", message: "no such topic" } }]).error).toBe("no such topic");
    expect(run([{ type: "start" }, { type: "fail", message: "forbidden" }]).status).toBe("error");
    expect(run([{ type: "fail", message: "late" }]).status).toBe("idle");
  });
});

describe("browseSummary", () => {
  const done = (reason: "max" | "scan-limit" | "end", truncated: boolean) =>
    run([{ type: "start" }, { type: "event", event: { type: "done", scanned: 50_000, matched: 1, truncated, reason } }]);
  it("says when the scan limit cut the read short", () => {
    expect(browseSummary(done("scan-limit", true), 100)).toContain("Scan limit reached, there may be more");
  });
  it("says when the maximum stopped it", () => {
    expect(browseSummary(done("max", false), 1)).toBe("1 record matched of 50,000 read. Stopped at the maximum of 1; there may be more.");
  });
  it("reports progress while reading", () => {
    expect(browseSummary(run([{ type: "start" }, progress(10, 2)]), 100)).toBe("Reading… 2 records matched of 10 read.");
  });
});
