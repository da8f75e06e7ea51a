import { describe, expect, it } from "vitest";
import { bearerToken, hashApiToken, newApiToken } from "./api-token";
import { hashPassword, verifyPassword } from "./password";

describe("API tokens", () => {
  it("are long, random, and stored only as a hash", () => {
    const a = newApiToken();
    const b = newApiToken();
    expect(a.token).toMatch(/^flk_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).toBe(hashApiToken(a.token));
    expect(a.tokenHash).not.toContain(a.token.slice(4));
    expect(a.token.startsWith(a.prefix)).toBe(true);
  });

  it("are read from a Bearer header only", () => {
    expect(bearerToken("Bearer flk_abc")).toBe("flk_abc");
    expect(bearerToken("bearer flk_abc")).toBe("flk_abc");
    expect(bearerToken("Basic flk_abc")).toBeNull();
    expect(bearerToken("Bearer other")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});

describe("password hashing", () => {
  it("salts (same password, different hashes) and verifies", async () => {
    const h1 = await hashPassword("correct horse battery");
    const h2 = await hashPassword("correct horse battery");
    expect(h1).toMatch(/^\$argon2id\$/);
    expect(h1).not.toBe(h2);
    expect(await verifyPassword(h1, "correct horse battery")).toBe(true);
    expect(await verifyPassword(h1, "wrong horse battery")).toBe(false);
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
  });
});
