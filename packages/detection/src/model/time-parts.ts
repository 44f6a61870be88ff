// Time modifiers (`|minute`, `|hour`, `|day`, `|week`, `|month`, `|year`): the field is read as a
// timestamp (ISO text or epoch milliseconds) and the UTC part compared with the number.
import type { ValueMatcher } from "./values";

export type TimePart = "minute" | "hour" | "day" | "week" | "month" | "year";
export const TIME_PARTS: readonly TimePart[] = ["minute", "hour", "day", "week", "month", "year"];

function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** Timestamps without a zone (Sysmon's `UtcTime: 2026-04-20 10:00:35.640`) are UTC, not local time. */
function parseTime(text: string): number {
  const t = text.trim();
  return Date.parse(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t) ? `${t.replace(" ", "T")}Z` : t);
}

export function timePartOf(value: unknown, part: TimePart): number | undefined {
  const ms = typeof value === "number" ? value : typeof value === "string" ? parseTime(value) : NaN;
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms);
  switch (part) {
    case "minute": return d.getUTCMinutes();
    case "hour": return d.getUTCHours();
    case "day": return d.getUTCDate();
    case "week": return isoWeek(d);
    case "month": return d.getUTCMonth() + 1;
    case "year": return d.getUTCFullYear();
  }
}

/** Applies `inner` (a number or comparison matcher) to the extracted part. */
export function timePartMatcher(part: TimePart, inner: ValueMatcher): ValueMatcher {
  return {
    kind: "time",
    test: (v) => {
      const n = timePartOf(v, part);
      return n !== undefined && inner.test(n);
    },
  };
}
