import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox } from "./secret-box";

describe("SecretBox", () => {
  const box = new SecretBox(randomBytes(32));

  it("round-trips and never stores the plaintext", () => {
    const sealed = box.seal("s3cret-password", "cluster:1");
    expect(sealed).not.toContain("s3cret");
    expect(box.open(sealed, "cluster:1")).toBe("s3cret-password");
  });

  it("uses a fresh IV each time", () => {
    expect(box.seal("x")).not.toBe(box.seal("x"));
  });

  it("refuses a tampered value, a wrong key, or a secret moved to another record", () => {
    const sealed = box.seal("value", "cluster:1");
    const parts = sealed.split(".");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString("base64url");
    expect(() => box.open(parts.join("."), "cluster:1")).toThrow(/could not be decrypted/);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, "cluster:1")).toThrow(/could not be decrypted/);
    expect(() => box.open(sealed, "cluster:2")).toThrow(/could not be decrypted/);
    expect(() => box.open("garbage")).toThrow(/Not a Flowlens sealed secret/);
  });

  it("needs a 256-bit key", () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32-byte/);
  });
});
