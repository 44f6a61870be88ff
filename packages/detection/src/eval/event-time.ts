// Event times as epoch ms, once per event on the engine's path. Timestamps are nearly always
// `YYYY-MM-DDTHH:mm:ss.sssZ` (what `toISOString` and the normalizers write), read here digit by
// digit; any other text goes to `Date.parse`, so the answer is always `Date.parse`'s.

/** The digits of `s` from `from` to `to` (exclusive) as a number, or -1 when one is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ`: the separators' places and characters. */
function isIsoShape(s: string): boolean {
  return s.length === 24 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58 && s.charCodeAt(19) === 46 && s.charCodeAt(23) === 90;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1-12): Date.UTC's arithmetic without its call. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

export function parseEventTime(s: string): number {
  if (typeof s !== "string" || !isIsoShape(s)) return Date.parse(s);
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const hour = digits(s, 11, 13);
  const minute = digits(s, 14, 16);
  const second = digits(s, 17, 19);
  const ms = digits(s, 20, 23);
  // Date.UTC reads years 0-99 as 19xx; days past 28 and out-of-range parts are left to Date.parse.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return Date.parse(s);
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
}

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00.000Z: from there on `toISOString` writes six-digit years. */
const YEAR_10000 = 253_402_300_800_000;
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
let formattedDay = Number.NaN;
let formattedPrefix = "";

/**
 * `new Date(ms).toISOString()` (correlation matches write two per match): the date part is
 * formatted once per day, the time of day from padded digits.
 */
export function formatEventTime(ms: number): string {
  if (!(ms >= 0 && ms < YEAR_10000)) return new Date(ms).toISOString();
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  if (day !== formattedDay) {
    formattedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    formattedDay = day;
  }
  const r = t - day * DAY_MS;
  const seconds = Math.floor(r / 1000);
  return `${formattedPrefix}${PAD2[Math.floor(seconds / 3600)] as string}:${PAD2[Math.floor(seconds / 60) % 60] as string}:${PAD2[seconds % 60] as string}.${PAD3[r % 1000] as string}Z`;
}
