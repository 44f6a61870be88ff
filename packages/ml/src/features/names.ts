// The hourly feature vector. The order is the model's input order: append, never reorder
// (a saved model records the names it was trained on and refuses a different list).

export const FEATURE_NAMES = [
  "signIns",
  "failures",
  "distinctIps",
  "distinctCountries",
  "newIps",
  "newHosts",
  "offHoursShare",
  "bytesDownloaded",
  "recordsDownloaded",
  "sensitiveFiles",
  "privilegedCommands",
  "adminChanges",
  /** Distinct networks (autonomous systems) of the source IPs. */
  "distinctAsns",
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;
export const featureIndex = (name: FeatureName): number => FEATURE_NAMES.indexOf(name);

export type EntityKind = "user" | "host" | "ip";

/** One entity's activity in one window (closed, or partial while the window is open). */
export interface FeatureRow {
  tenantId: string;
  /** `${kind}:${name}`, e.g. "user:alice". */
  entity: string;
  kind: EntityKind;
  /** Peer group (department/role) when the event or the directory gives one. */
  peer?: string;
  /** Window start, epoch ms (aligned to the window size). */
  windowStart: number;
  /** Epoch ms of the window's first and last events. */
  firstAt: number;
  lastAt: number;
  eventCount: number;
  values: number[];
  /** Countries seen in the window (for explanations). */
  countries: string[];
  /** The entity's usual active span (UTC minutes of day, 5th to 95th percentile) when known. */
  usualMinutes?: [number, number];
}
