// The time ranges the search page offers, and the window each one stands for at a given instant.

export const RANGES = [
  { id: "15m", label: "Last 15 minutes", ms: 15 * 60_000 },
  { id: "1h", label: "Last hour", ms: 60 * 60_000 },
  { id: "24h", label: "Last 24 hours", ms: 24 * 60 * 60_000 },
  { id: "7d", label: "Last 7 days", ms: 7 * 24 * 60 * 60_000 },
] as const;

export type RangeId = (typeof RANGES)[number]["id"];

export function rangeId(value: string | null): RangeId {
  return RANGES.find((r) => r.id === value)?.id ?? "24h";
}

/** [now - range, now], to the second so the same search keeps the same cache key while it is shown. */
export function windowFor(range: RangeId, now: number): { from: Date; to: Date } {
  const to = Math.ceil(now / 1000) * 1000;
  const span = RANGES.find((r) => r.id === range)!.ms;
  return { from: new Date(to - span), to: new Date(to) };
}

/** `position 14: ...` from the parser -> 14 (1-based), else null. */
export function errorPosition(message: string): number | null {
  const match = /^position (\d+): /.exec(message);
  return match ? Number(match[1]) : null;
}
