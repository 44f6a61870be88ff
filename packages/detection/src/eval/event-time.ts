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
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59 || ms < 0) return Date.parse(s);
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}
