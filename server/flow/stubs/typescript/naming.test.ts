import { describe, expect, it } from "vitest";
import {
  camelCase,
  commentText,
  directoryName,
  inlineCode,
  packageName,
  pascalCase,
  propertyAccess,
  propertyKey,
  stringLiteral,
  typePropertyKey,
  unique,
  words,
} from "./naming";

describe("naming constrainers", () => {
  it("splits names into ASCII words", () => expect(words("orders.enriched OrderPlaced XMLFeed Über-2")).toEqual(["orders", "enriched", "Order", "Placed", "XML", "Feed", "Uber", "2"]));
  it("camel-cases identifiers", () => expect(camelCase("orders.enriched")).toBe("ordersEnriched"));
  it("pascal-cases type-like identifiers", () => expect(pascalCase("order placed")).toBe("OrderPlaced"));
  it("prefixes identifiers that start with a digit", () => expect(camelCase("3 orders")).toBe("_3Orders"));
  it("suffixes reserved words", () => expect([camelCase("delete"), camelCase("class"), camelCase("eval")]).toEqual(["delete_", "class_", "eval_"]));
  it("falls back when nothing is left", () => expect([camelCase("»«", "message"), pascalCase("", "Value")]).toEqual(["message", "Value"]));
  it("makes npm package names", () => expect(packageName('  Order Service "v2"/`x`')).toBe("order-service-v2-x"));
  it("never makes an empty or dot-led package name", () => expect([packageName("..."), packageName("_x")]).toEqual(["flowlens-stub", "x"]));
  it("makes directory names that cannot climb", () => expect([directoryName("../../etc/passwd"), directoryName(".."), directoryName("Order Service")]).toEqual(["etc-passwd", "app", "order-service"]));
  it("numbers duplicates", () => {
    const taken = new Set(["onOrders"]);
    expect([unique(taken, "onOrders"), unique(taken, "onOrders"), unique(taken, "onPayments")]).toEqual(["onOrders2", "onOrders3", "onPayments"]);
  });
  it("quotes string literals, line separators included", () => expect(stringLiteral('a"b`${c}\n\u2028')).toBe('"a\\"b`${c}\\n\\u2028"'));
  it("keeps __proto__ an own property in object literals", () => expect([propertyKey("__proto__"), propertyKey("a-b"), propertyKey("ok")]).toEqual(['["__proto__"]', '"a-b"', "ok"]));
  it("quotes odd interface member names", () => expect([typePropertyKey("x-correlation-id"), typePropertyKey("orderId")]).toEqual(['"x-correlation-id"', "orderId"]));
  it("reads properties safely", () => expect([propertyAccess("p", "total"), propertyAccess("p", "a'b")]).toEqual(["p.total", 'p["a\'b"]']));
  it("flattens comment text", () => expect(commentText("a\n*/ b\u2028c")).toBe("a * / b c"));
  it("fences inline Markdown code around backticks", () => expect(inlineCode("a`b")).toBe("``a`b``"));
});
