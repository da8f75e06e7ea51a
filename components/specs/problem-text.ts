/** "orders.yaml line 4, column 3: message", or less when the position is unknown. */
export function problemText(p: { source: string; line?: number; column?: number; path?: string; message: string }): string {
  const where = [p.source, p.line !== undefined ? `line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ""}` : undefined, p.path && p.line === undefined ? p.path : undefined]
    .filter(Boolean)
    .join(" ");
  return p.message.startsWith(p.source) ? p.message : `${where}: ${p.message}`;
}
