// Event time from a sender's value: epoch seconds (HEC, possibly fractional or a string),
// epoch milliseconds, microseconds (journald's __REALTIME_TIMESTAMP) or nanoseconds, or an
// ISO/RFC date string. Anything unusable yields undefined.

const MS_THRESHOLD = 1e11; // epoch seconds stay below this until the year 5138
const US_THRESHOLD = 1e14; // ... and milliseconds until the year 5138: above, microseconds
const NS_THRESHOLD = 1e17; // ... and microseconds: above, nanoseconds
const MIN_MS = Date.UTC(1970, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31);

function fromEpoch(n: number, unit: "s" | "auto"): Date | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  const ms = unit === "s" || n < MS_THRESHOLD ? n * 1000 : n < US_THRESHOLD ? n : n < NS_THRESHOLD ? n / 1e3 : n / 1e6;
  if (ms < MIN_MS || ms > MAX_MS) return undefined;
  return new Date(Math.round(ms));
}

const NUMERIC = /^\s*\d+(\.\d+)?\s*$/;

export function parseEpochSeconds(value: unknown): Date | undefined {
  if (typeof value === "number") return fromEpoch(value, "s");
  if (typeof value === "string" && NUMERIC.test(value)) return fromEpoch(Number(value), "s");
  return undefined;
}

export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value === "number") return fromEpoch(value, "auto");
  if (typeof value !== "string") return undefined;
  if (NUMERIC.test(value)) return fromEpoch(Number(value), "auto");
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return undefined;
  return new Date(ms);
}
