// Window series every tenant runs: hourly windows catch bursts, daily windows catch slow trends
// (the departing employee's 600 MB a day). Both feed one risk score per entity.
export const HOUR_MS = 3_600_000;

export const UEBA_SERIES = [
  { name: "hour", windowMs: HOUR_MS },
  { name: "day", windowMs: 24 * HOUR_MS },
] as const;

export type SeriesName = (typeof UEBA_SERIES)[number]["name"];

/**
 * Models trained on the current feature list only (`$2` = its JSON): one stored before a feature was
 * added cannot score today's windows, so until the next scheduled training its series runs on the
 * global prior.
 */
export const CURRENT_FEATURES_SQL = "meta->'featureNames' = $2::jsonb";

/** Alerts raised from entity risk share this rule id (dedup and grouping key off it). */
export const UEBA_RULE_ID = "ueba-entity-risk";

/** Risk engine settings shared by the stream and the read side (decay shown in the portal). */
export const RISK_HALF_LIFE_MS = 24 * HOUR_MS;
export const RISK_THRESHOLD = 2;

/** Decayed risk at `at` from a value stored at `from`. */
export function decayedRisk(risk: number, from: Date, at: Date): number {
  return risk * Math.pow(0.5, Math.max(0, at.getTime() - from.getTime()) / RISK_HALF_LIFE_MS);
}
