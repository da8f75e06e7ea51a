// Bytes for people: hex dumps (offset, hex, ASCII), spaced hex and sizes. Pure; the dump is text
// and is only ever rendered as a text child.

export interface HexRow {
  /** Offset of the row's first byte, 8 hex digits. */
  offset: string;
  /** The row's bytes as hex pairs, a wider gap after the eighth. Padded so the ASCII column lines up. */
  hex: string;
  /** Printable ASCII (0x20–0x7e) as itself, every other byte as ".". */
  ascii: string;
}

const BYTES_PER_ROW = 16;

const isHexDigit = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** Bytes of a hex string (two digits a byte); a trailing odd digit or a non-hex pair ends it. */
export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(Math.floor(hex.length / 2));
  let n = 0;
  for (let i = 0; i + 1 < hex.length; i += 2) {
    if (!isHexDigit(hex.charCodeAt(i)) || !isHexDigit(hex.charCodeAt(i + 1))) break;
    out[n++] = parseInt(hex.slice(i, i + 2), 16);
  }
  return out.subarray(0, n);
}

/** Lowercase hex of some bytes, two digits a byte. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

const encoder = new TextEncoder();

/** The UTF-8 bytes of a text, as hex. */
export const textToHex = (text: string) => bytesToHex(encoder.encode(text));

/** Bytes of a text once encoded as UTF-8, counted without encoding it. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** "ff fe 00 41": hex pairs separated by spaces. */
export function spacedHex(hex: string): string {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) pairs.push(hex.slice(i, i + 2));
  return pairs.join(" ");
}

/** The rows of a hex dump, at most `maxRows` of them. */
export function hexRows(hex: string, maxRows = Infinity): HexRow[] {
  // Only what the rows show is decoded: a 256 KiB value is 16,384 rows.
  const bytes = hexToBytes(Number.isFinite(maxRows) ? hex.slice(0, Math.max(0, maxRows) * BYTES_PER_ROW * 2) : hex);
  const rows: HexRow[] = [];
  for (let start = 0; start < bytes.length && rows.length < maxRows; start += BYTES_PER_ROW) {
    const row = bytes.subarray(start, start + BYTES_PER_ROW);
    const cells: string[] = [];
    let ascii = "";
    for (let i = 0; i < BYTES_PER_ROW; i++) {
      const b = row[i];
      cells.push(b === undefined ? "  " : b.toString(16).padStart(2, "0"));
      if (b !== undefined) ascii += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : ".";
    }
    rows.push({
      offset: start.toString(16).padStart(8, "0"),
      hex: `${cells.slice(0, 8).join(" ")}  ${cells.slice(8).join(" ")}`,
      ascii,
    });
  }
  return rows;
}

/** The rows as the lines of a classic dump: `00000000  ff fe 00 41 …  |...A|`. */
export function hexDumpText(rows: readonly HexRow[]): string {
  return rows.map((r) => `${r.offset}  ${r.hex}  |${r.ascii}|`).join("\n");
}

/** How many dump rows some hex makes. */
export const hexRowCount = (hex: string) => Math.ceil(Math.floor(hex.length / 2) / BYTES_PER_ROW);

const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** A size in IEC units: "512 bytes", "256 KiB", "976.6 KiB", "1.0 MiB". Whole KiB lose their ".0". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${whole.format(n)} ${n === 1 ? "byte" : "bytes"}`;
  if (n < 1024 * 1024) {
    const k = n / 1024;
    return `${Number.isInteger(k) ? whole.format(k) : oneDecimal.format(k)} KiB`;
  }
  return `${oneDecimal.format(n / (1024 * 1024))} MiB`;
}

/** The exact count: "1,000,000 bytes". */
export const formatByteCount = (n: number) => `${whole.format(n)} ${n === 1 ? "byte" : "bytes"}`;
