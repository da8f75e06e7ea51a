import { describe, expect, it } from "vitest";
import { createHistory, push, redo, replace, undo } from "./history";

describe("history", () => {
  it("undoes and redoes, and a new edit clears redo", () => {
    let h = createHistory("a");
    h = push(h, "b");
    h = push(h, "c");
    h = undo(h);
    expect(h.present).toBe("b");
    h = redo(h);
    expect(h.present).toBe("c");
    h = undo(undo(h));
    expect(h.present).toBe("a");
    h = push(h, "x");
    expect(redo(h).present).toBe("x");
    expect(h.past).toEqual(["a"]);
  });

  it("merges quick edits with the same key into one step", () => {
    let h = createHistory("");
    h = push(h, "o", "name", 1000);
    h = push(h, "or", "name", 1200);
    h = push(h, "ord", "name", 1400);
    expect(undo(h).present).toBe("");
    h = push(h, "ord!", "name", 5000); // a pause starts a new step
    expect(undo(h).present).toBe("ord");
  });

  it("replace moves the present without an undo step; no-ops are ignored", () => {
    let h = push(createHistory(1), 2);
    h = replace(h, 3);
    expect(undo(h).present).toBe(1);
    expect(push(h, 3)).toBe(h);
    expect(undo(createHistory(1)).present).toBe(1);
  });
});
