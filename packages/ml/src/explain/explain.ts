import type { Baselines } from "../baseline/baselines";
import { FEATURE_NAMES, type FeatureName, type FeatureRow } from "../features/names";
import type { ScoredRow } from "../model/detector";
import { formatBytes, formatClock, formatCount, plural } from "./format";

export interface Explanation {
  feature: FeatureName;
  value: number;
  usual: number;
  text: string;
}

type Phrase = (value: number, usual: number, row: FeatureRow) => string;

const counted = (one: string, many: string): Phrase => (v, u) =>
  `${formatCount(v)} ${plural(v, one, many)} vs usually ${formatCount(u)}`;

const PHRASES: Record<FeatureName, Phrase> = {
  signIns: counted("sign-in in the hour", "sign-ins in the hour"),
  failures: counted("failed sign-in", "failed sign-ins"),
  distinctIps: counted("source IP", "source IPs"),
  distinctCountries: (v, u, row) => `${formatCount(v)} ${plural(v, "country", "countries")} (${row.countries.join(", ")}) vs usually ${formatCount(u)}`,
  newIps: counted("new source IP", "new source IPs"),
  newHosts: counted("new host", "new hosts"),
  offHoursShare: (_v, _u, row) => {
    const at = formatClock((row.firstAt % 86_400_000) / 60_000);
    const usual = row.usualMinutes ? `usual ${formatClock(row.usualMinutes[0])} to ${formatClock(row.usualMinutes[1])}` : "no usual hours yet";
    return `active at ${at} UTC vs ${usual} UTC`;
  },
  bytesDownloaded: (v, u) => `${formatBytes(v)} downloaded vs a usual ${formatBytes(u)}`,
  recordsDownloaded: counted("record downloaded", "records downloaded"),
  sensitiveFiles: counted("sensitive file touched", "sensitive files touched"),
  privilegedCommands: counted("privileged command", "privileged commands"),
  adminChanges: counted("admin change", "admin changes"),
  distinctAsns: counted("network (ASN)", "networks (ASNs)"),
};

/** The top contributing features of a scored window, as "value vs usual" in plain words. */
export function explain(scored: ScoredRow, baselines: Baselines, limit = 4): Explanation[] {
  return scored.contributions.slice(0, limit).map(({ feature }) => {
    const name = FEATURE_NAMES[feature]!;
    const value = scored.row.values[feature]!;
    const usual = baselines.usual(scored.row, feature);
    return { feature: name, value, usual, text: PHRASES[name](value, usual, scored.row) };
  });
}

function outsideSpan(minute: number, [from, to]: [number, number]): boolean {
  // The span may wrap past midnight (a US evening shift in UTC).
  return from <= to ? minute < from || minute >= to : minute < from && minute >= to;
}

/**
 * The time of day as context for an anomaly ("active at 02:10 UTC vs usual 08:30 to 18:00 UTC"),
 * when the window started outside the entity's usual hours; undefined otherwise. Text only: the
 * model's own off-hours feature is what scores.
 */
export function timeOfDayExplanation(row: FeatureRow): Explanation | undefined {
  if (!row.usualMinutes) return undefined;
  const minute = (((row.firstAt % 86_400_000) + 86_400_000) % 86_400_000) / 60_000;
  if (!outsideSpan(minute, row.usualMinutes)) return undefined;
  const share = row.values[FEATURE_NAMES.indexOf("offHoursShare")] ?? 0;
  return { feature: "offHoursShare", value: share, usual: 0, text: PHRASES.offHoursShare(share, 0, row) };
}
