import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("uses the embedded defaults when nothing is set", () => {
    const e = parseEnv({});
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.FLOWLENS_DATA_DIR).toBe(".flowlens");
    expect(e.FLOWLENS_URL).toBe("http://localhost:3000");
  });

  it("follows PORT for the default URL", () => {
    expect(parseEnv({ PORT: "3100" }).FLOWLENS_URL).toBe("http://localhost:3100");
  });

  it("names every bad variable in one message", () => {
    expect(() =>
      parseEnv({ DATABASE_URL: "mysql://x", KAFKA_BROKERS: "localhost", FLOWLENS_SECRET_KEY: "short", FLOWLENS_ADMIN_PASSWORD: "abc" }),
    ).toThrowError(/DATABASE_URL: must be a postgres[\s\S]*FLOWLENS_SECRET_KEY[\s\S]*FLOWLENS_ADMIN_PASSWORD[\s\S]*KAFKA_BROKERS/);
  });

  it("accepts a 32-byte key as hex or base64, and broker lists", () => {
    const hex = "ab".repeat(32);
    expect(parseEnv({ FLOWLENS_SECRET_KEY: hex }).FLOWLENS_SECRET_KEY).toBe(hex);
    const b64 = Buffer.alloc(32, 7).toString("base64");
    expect(parseEnv({ FLOWLENS_SECRET_KEY: b64 }).FLOWLENS_SECRET_KEY).toBe(b64);
    expect(parseEnv({ KAFKA_BROKERS: "a:9092, b:9093" }).KAFKA_BROKERS).toBe("a:9092, b:9093");
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
});
