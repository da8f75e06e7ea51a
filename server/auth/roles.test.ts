import { describe, expect, it } from "vitest";
import { hasRole } from "./roles";

describe("hasRole", () => {
  it("orders viewer < editor < admin", () => {
    expect(hasRole("viewer", "viewer")).toBe(true);
    expect(hasRole("viewer", "editor")).toBe(false);
    expect(hasRole("editor", "editor")).toBe(true);
    expect(hasRole("editor", "admin")).toBe(false);
    expect(hasRole("admin", "editor")).toBe(true);
  });
  it("grants nothing to an unknown role", () => {
    expect(hasRole("superuser", "viewer")).toBe(false);
    expect(hasRole("", "viewer")).toBe(false);
  });
});
