import { describe, expect, it } from "vitest";
import { looksLikePem, parseBrokerAddress, splitBrokerList } from "./connection-settings";

describe("parseBrokerAddress", () => {
  it("accepts host:port, IPv4 and bracketed IPv6", () => {
    expect(parseBrokerAddress(" Kafka-1.example.com:9092 ")).toEqual({ ok: true, address: "kafka-1.example.com:9092" });
    expect(parseBrokerAddress("127.0.0.1:1")).toEqual({ ok: true, address: "127.0.0.1:1" });
    expect(parseBrokerAddress("[::1]:9093")).toEqual({ ok: true, address: "[::1]:9093" });
  });

  it("says what is wrong with a bad entry", () => {
    expect(parseBrokerAddress("kafka")).toMatchObject({ ok: false, error: '"kafka" needs a port, as host:port' });
    expect(parseBrokerAddress("kafka:0")).toMatchObject({ ok: false, error: expect.stringContaining("no valid port") });
    expect(parseBrokerAddress("kafka:65536")).toMatchObject({ ok: false });
    expect(parseBrokerAddress("kafka:90x")).toMatchObject({ ok: false });
    expect(parseBrokerAddress("::1:9092")).toMatchObject({ ok: false, error: expect.stringContaining("[address]:port") });
    expect(parseBrokerAddress("bad_host!:9092")).toMatchObject({ ok: false, error: expect.stringContaining("not a valid host name") });
    expect(parseBrokerAddress("[nope]:9092")).toMatchObject({ ok: false });
    expect(parseBrokerAddress("http://kafka:9092")).toMatchObject({ ok: false });
  });
});

describe("splitBrokerList", () => {
  it("splits on commas, spaces and new lines", () => {
    expect(splitBrokerList("a:1, b:2\nc:3 ,")).toEqual(["a:1", "b:2", "c:3"]);
    expect(splitBrokerList(["a:1", "b:2,c:3"])).toEqual(["a:1", "b:2", "c:3"]);
  });
});

describe("looksLikePem", () => {
  it("wants BEGIN and END markers", () => {
    expect(looksLikePem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")).toBe(true);
    expect(looksLikePem("MIIB")).toBe(false);
    expect(looksLikePem("-----BEGIN CERTIFICATE-----\nMIIB")).toBe(false);
  });
});
