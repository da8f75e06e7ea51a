import { describe, expect, it } from "vitest";
import { flowDocSchema } from "../model";
import { allSpecFiles, fileSlug } from "./files";

describe("spec file names", () => {
  it("drops accents instead of whole letters", () => {
    expect(fileSlug("Café Orders")).toBe("cafe-orders");
    expect(fileSlug("Ångström Zürich Señor")).toBe("angstrom-zurich-senor");
    expect(fileSlug("ﬁle Ⅻ")).toBe("file-xii");
  });

  it("names files with no Latin letters apart", () => {
    expect(fileSlug("Заказы")).toBe("flow");
    expect(fileSlug("注文", "app")).toBe("app");
    const flow = flowDocSchema.parse({
      schemaVersion: 2,
      name: "Заказы",
      nodes: [
        { kind: "producer", id: "a", name: "Заказы", appName: "Заказы" },
        { kind: "producer", id: "b", name: "注文", appName: "注文" },
        { kind: "producer", id: "c", name: "Café", appName: "Café" },
      ],
    });
    expect(allSpecFiles(flow).map((f) => [f.app, f.fileName])).toEqual([
      [undefined, "flow.asyncapi.yaml"],
      ["Заказы", "app.asyncapi.yaml"],
      ["注文", "app-2.asyncapi.yaml"],
      ["Café", "cafe.asyncapi.yaml"],
    ]);
  });
});
