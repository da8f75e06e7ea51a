import { describe, expect, it } from "vitest";
import { toKafkaConfig } from "./client";

describe("toKafkaConfig", () => {
  it("leaves SASL and TLS off by default", () => {
    const c = toKafkaConfig({ brokers: ["a:9092"] });
    expect(c.sasl).toBeUndefined();
    expect(c.ssl).toBeUndefined();
  });

  it("maps SASL and TLS settings to kafkajs", () => {
    const c = toKafkaConfig({
      brokers: ["a:9093"],
      sasl: { mechanism: "scram-sha-512", username: "u", password: "p" },
      ssl: { ca: "CA", cert: "CERT", key: "KEY", rejectUnauthorized: false },
    });
    expect(c.sasl).toEqual({ mechanism: "scram-sha-512", username: "u", password: "p" });
    expect(c.ssl).toEqual({ ca: ["CA"], cert: "CERT", key: "KEY", rejectUnauthorized: false });
    expect(c.authenticationTimeout).toBeLessThanOrEqual(5000);
  });

  it("trusts the default roots when no CA is given", () => {
    expect(toKafkaConfig({ brokers: ["a:9093"], ssl: { rejectUnauthorized: true } }).ssl).toEqual({ rejectUnauthorized: true });
  });
});
