import { describe, expect, it } from "vitest";
import { describeKafkaError } from "./cluster-health";

const err = (name: string, message: string, type?: string) => Object.assign(new Error(message), { name, type });

describe("describeKafkaError", () => {
  it("turns kafkajs errors into sentences that say what to check", () => {
    expect(describeKafkaError(err("KafkaJSConnectionError", "Connection error: connect ECONNREFUSED 127.0.0.1:1"))).toBe(
      "brokers unreachable (Connection error: connect ECONNREFUSED 127.0.0.1:1)",
    );
    expect(describeKafkaError(err("KafkaJSConnectionError", "Connection error: self-signed certificate in certificate chain"))).toMatch(
      /^TLS handshake failed \(.*\): check that the listener uses TLS/,
    );
    expect(describeKafkaError(err("KafkaJSProtocolError", "Request is not valid given the current SASL state", "ILLEGAL_SASL_STATE"))).toMatch(
      /^the listener does not use SASL/,
    );
    expect(describeKafkaError(err("KafkaJSSASLAuthenticationError", "SASL PLAIN mechanism is not supported by the server"))).toMatch(
      /^the broker does not accept this SASL mechanism/,
    );
    expect(describeKafkaError(err("KafkaJSSASLAuthenticationError", "SASL SCRAM SHA512 authentication failed: bad credentials"))).toBe(
      "authentication failed: check the SASL username and password",
    );
  });
});
