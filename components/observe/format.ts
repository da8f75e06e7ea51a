// How live figures read on screen. Pure and locale-fixed (en-US digits), so a figure reads the same
// in every browser and in tests. Null always means "unknown" (no commit, not measured yet): "—".

export const NONE = "—";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** Messages behind, with thousands separators; "—" when the group has no committed offset. */
export function formatLag(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return NONE;
  return integer.format(n);
}

/** A time lag or age: "0 s", "4.2 s", "42 s", "3 min 5 s", "2 h 10 min", "3 d 4 h". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return NONE;
  const seconds = Math.max(ms, 0) / 1000;
  // Below 10 s a tenth of a second still tells something; above, whole seconds do.
  if (Math.round(seconds * 10) < 100) return `${oneDecimal.format(Math.round(seconds * 10) / 10)} s`;
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return pair(minutes, "min", total % 60, "s");
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return pair(hours, "h", minutes % 60, "min");
  return pair(Math.floor(hours / 24), "d", hours % 24, "h");
}

function pair(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${integer.format(big)} ${bigUnit}` : `${integer.format(big)} ${bigUnit} ${small} ${smallUnit}`;
}

/** Messages per second: "12.5 msg/s", "1,250 msg/s", "< 0.1 msg/s"; "—" until two polls measured it. */
export function formatRate(perSec: number | null): string {
  if (perSec === null || !Number.isFinite(perSec)) return NONE;
  const r = Math.max(perSec, 0);
  if (r > 0 && r < 0.05) return "< 0.1 msg/s";
  return `${(r >= 100 ? integer : oneDecimal).format(r)} msg/s`;
}

/** Wall-clock time of day, 24 h, in the viewer's time zone: "14:03:07". */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
