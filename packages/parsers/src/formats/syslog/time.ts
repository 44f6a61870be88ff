// Syslog timestamps. RFC 5424: RFC 3339 with up to 6 fractional digits and a Z or +hh:mm
// offset (fractional-hour zones such as +05:30 and +05:45 included). RFC 3164: "Mmm dd hh:mm:ss"
// with no year and no zone: the zone comes from the source's config and the year is the one
// that puts the event nearest the reference time (so Dec 31 read on Jan 1 is last year).

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

export type TimeResult = { ok: true; time: Date; end: number } | { ok: false; position: number; reason: string };

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})?(?=\s|$)/;

/** Offset in minutes from "Z", "+05:30", "-0800"; undefined when malformed. */
export function parseOffset(zone: string): number | undefined {
  if (zone === "Z" || zone === "z" || zone.toUpperCase() === "UTC") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 23 || minutes > 59) return undefined;
  return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
  const date = new Date(Date.UTC(y, mo, d, h, mi, s, ms));
  if (y < 0 || h > 23 || mi > 59 || s > 60) return undefined;
  // Date.UTC rolls Feb 30 into March: a changed month means the day does not exist.
  if (date.getUTCMonth() !== mo || date.getUTCDate() !== d) return undefined;
  if (date.getUTCFullYear() !== y) return undefined;
  return date.getTime();
}

/** RFC 3339 timestamp at `pos` (the 5424 form; also the high-precision form rsyslog writes in 3164). */
export function readRfc3339(line: string, pos: number, defaultOffset: number): TimeResult {
  const m = RFC3339.exec(line.slice(pos, pos + 48));
  if (!m) return { ok: false, position: pos, reason: "expected an RFC 3339 timestamp (YYYY-MM-DDThh:mm:ss[.frac](Z|+hh:mm))" };
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const offset = zone === undefined ? defaultOffset : parseOffset(zone);
  if (offset === undefined) return { ok: false, position: pos + m[0].length - (zone?.length ?? 0), reason: `invalid time zone offset "${zone}"` };
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const local = utcMs(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Math.min(Number(s), 59), ms);
  if (local === undefined) return { ok: false, position: pos, reason: `timestamp "${m[0]}" is not a valid date` };
  return { ok: true, time: new Date(local - offset * 60_000), end: pos + m[0].length };
}

const BSD = /^([A-Za-z]{3}) ( ?\d|\d{2}) (?:(\d{4}) )?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?=\s|$)/;
const YEAR_MS = 366 * 86_400_000;

function nearestYear(ref: Date, fields: number[]): number | undefined {
  const [mo, d, h, mi, s, ms] = fields as [number, number, number, number, number, number];
  let best: number | undefined;
  const year = ref.getUTCFullYear();
  // Feb 29 exists only in leap years: look up to four years back if the near years lack it.
  for (const y of [year, year - 1, year + 1, year - 2, year - 3, year - 4]) {
    const t = utcMs(y, mo, d, h, mi, s, ms);
    if (t === undefined) continue;
    if (best === undefined || Math.abs(t - ref.getTime()) < Math.abs(best - ref.getTime())) best = t;
    if (Math.abs(t - ref.getTime()) <= YEAR_MS / 2) return t;
  }
  return best;
}

/** RFC 3164 "Mmm dd hh:mm:ss" (also "Mmm dd yyyy hh:mm:ss" and fractional seconds). */
export function readBsdTime(line: string, pos: number, offsetMinutes: number, ref: Date): TimeResult {
  const m = BSD.exec(line.slice(pos, pos + 32));
  if (!m) return { ok: false, position: pos, reason: 'expected an RFC 3164 timestamp "Mmm dd hh:mm:ss"' };
  const month = MONTHS.indexOf((m[1] as string).toLowerCase());
  if (month < 0) return { ok: false, position: pos, reason: `unknown month "${m[1]}"` };
  const frac = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const fields = [month, Number(m[2]), Number(m[4]), Number(m[5]), Math.min(Number(m[6]), 59), frac];
  const shifted = new Date(ref.getTime() + offsetMinutes * 60_000);
  const local = m[3] !== undefined ? utcMs(Number(m[3]), ...(fields as [number, number, number, number, number, number])) : nearestYear(shifted, fields);
  if (local === undefined) return { ok: false, position: pos, reason: `timestamp "${m[0]}" is not a valid date` };
  return { ok: true, time: new Date(local - offsetMinutes * 60_000), end: pos + m[0].length };
}
