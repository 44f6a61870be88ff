import type { FeatureName } from "../features/names";

export interface AttackTag {
  tactic: string;
  technique: string;
  name: string;
}

const EXFIL: AttackTag[] = [
  { tactic: "exfiltration", technique: "T1048", name: "Exfiltration Over Alternative Protocol" },
  { tactic: "exfiltration", technique: "T1030", name: "Data Transfer Size Limits" },
];
const VALID_ACCOUNTS: AttackTag = { tactic: "initial-access", technique: "T1078", name: "Valid Accounts" };

/** ATT&CK tags a feature's deviation points to, where one applies (off-hours alone tags nothing). */
export const TAGS_BY_FEATURE: Partial<Record<FeatureName, AttackTag[]>> = {
  bytesDownloaded: EXFIL,
  recordsDownloaded: EXFIL,
  sensitiveFiles: [{ tactic: "collection", technique: "T1213", name: "Data from Information Repositories" }],
  failures: [{ tactic: "credential-access", technique: "T1110", name: "Brute Force" }],
  newHosts: [VALID_ACCOUNTS, { tactic: "lateral-movement", technique: "T1021", name: "Remote Services" }],
  newIps: [VALID_ACCOUNTS],
  distinctCountries: [VALID_ACCOUNTS],
  distinctAsns: [VALID_ACCOUNTS],
  privilegedCommands: [{ tactic: "privilege-escalation", technique: "T1548", name: "Abuse Elevation Control Mechanism" }],
  adminChanges: [{ tactic: "persistence", technique: "T1098", name: "Account Manipulation" }],
};

export function tagsFor(features: Iterable<FeatureName>): AttackTag[] {
  const seen = new Map<string, AttackTag>();
  for (const f of features) for (const tag of TAGS_BY_FEATURE[f] ?? []) seen.set(tag.technique, tag);
  return [...seen.values()];
}
