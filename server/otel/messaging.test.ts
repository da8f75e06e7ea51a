import { describe, expect, it } from "vitest";
import { messagingFields } from "./messaging";

describe("messagingFields", () => {
  it("reads the current OTel names", () => {
    expect(
      messagingFields({
        "messaging.destination.name": "orders",
        "messaging.consumer.group.name": "billing",
        "messaging.destination.partition.id": "2",
        "messaging.kafka.offset": 42,
      }),
    ).toEqual({ topic: "orders", consumerGroup: "billing", partition: 2, offset: 42 });
  });

  it("reads the older names that instrumentations still send", () => {
    expect(messagingFields({ "messaging.destination.name": "orders", "messaging.kafka.consumer.group": "billing", "messaging.kafka.message.offset": "17" })).toEqual({
      topic: "orders",
      consumerGroup: "billing",
      partition: null,
      offset: 17,
    });
  });

  it("prefers the current name when both are there, and ignores values that are not offsets", () => {
    expect(messagingFields({ "messaging.consumer.group.name": "new", "messaging.kafka.consumer.group": "old" }).consumerGroup).toBe("new");
    expect(messagingFields({ "messaging.kafka.offset": "-1" }).offset).toBeNull();
    expect(messagingFields({ "messaging.kafka.offset": "12abc" }).offset).toBeNull();
    expect(messagingFields({}).topic).toBeNull();
  });
});
