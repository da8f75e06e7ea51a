import { describe, expect, it } from "vitest";
import { formatByteCount, formatBytes, hexDumpText, hexRowCount, hexRows, hexToBytes, spacedHex, textToHex, utf8Length } from "./hexdump";

describe("hexRows", () => {
  it("shows printable ASCII as itself and every other byte as a dot", () => {
    const [row] = hexRows("fffe0041");
    expect(row).toEqual({ offset: "00000000", hex: "ff fe 00 41" + " ".repeat(37), ascii: "...A" });
  });

  it("puts sixteen bytes on a row with a gap after the eighth, and numbers rows by byte offset", () => {
    const rows = hexRows(textToHex("0123456789abcdefXYZ"));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({ offset: "00000000", hex: "30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66", ascii: "0123456789abcdef" });
    expect(rows[1]!.offset).toBe("00000010");
    expect(rows[1]!.ascii).toBe("XYZ");
  });

  it("keeps the hex column the same width on a short last row", () => {
    const rows = hexRows(textToHex("a".repeat(17)));
    expect(rows[1]!.hex.length).toBe(rows[0]!.hex.length);
  });

  it("treats markup as bytes like any other", () => {
    expect(hexRows(textToHex("<b>"))[0]!.ascii).toBe("<b>");
    expect(hexRows("0a0d097f80")[0]!.ascii).toBe(".....");
  });

  it("stops at maxRows", () => {
    expect(hexRows("00".repeat(100), 2)).toHaveLength(2);
    expect(hexRowCount("00".repeat(100))).toBe(7);
  });

  it("reads as a classic dump", () => {
    expect(hexDumpText(hexRows("41"))).toBe(`00000000  41${" ".repeat(46)}  |A|`);
  });
});

describe("hex helpers", () => {
  it("spaces hex pairs", () => {
    expect(spacedHex("fffe0041")).toBe("ff fe 00 41");
    expect(spacedHex("")).toBe("");
  });
  it("decodes hex and stops at anything that is not", () => {
    expect([...hexToBytes("00ff7f")]).toEqual([0, 255, 127]);
    expect([...hexToBytes("41zz42")]).toEqual([0x41]);
  });
  it("encodes text as UTF-8", () => {
    expect(textToHex("é")).toBe("c3a9");
  });
  it("counts UTF-8 bytes without encoding", () => {
    for (const s of ["", "abc", "é", "€", "😀", "a😀é€\u{10ffff}"]) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });
});

describe("formatBytes", () => {
  it("uses bytes, KiB and MiB", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(256 * 1024)).toBe("256 KiB");
    expect(formatBytes(1_000_000)).toBe("976.6 KiB");
    expect(formatBytes(1024 * 1024)).toBe("1.0 MiB");
  });
  it("gives the exact count with separators", () => {
    expect(formatByteCount(1_000_000)).toBe("1,000,000 bytes");
  });
});
