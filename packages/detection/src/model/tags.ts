import type { Severity, SigmaLevel } from "./types";

export const LEVELS: Record<SigmaLevel, Severity> = {
  informational: "INFORMATIONAL",
  low: "LOW",
  medium: "MEDIUM",
  high: "HIGH",
  critical: "CRITICAL",
};

const TACTICS = new Set([
  "reconnaissance", "resource-development", "initial-access", "execution", "persistence", "privilege-escalation",
  "defense-evasion", "credential-access", "discovery", "lateral-movement", "collection", "command-and-control",
  "exfiltration", "impact",
]);

/** `attack.t1110.001` -> technique T1110.001, `attack.credential_access` -> tactic credential-access. */
export function attackTags(tags: readonly string[]): { tactics: string[]; techniques: string[] } {
  const tactics = new Set<string>();
  const techniques = new Set<string>();
  for (const tag of tags) {
    const m = /^attack\.(.+)$/i.exec(tag.trim());
    if (!m) continue;
    const name = (m[1] as string).toLowerCase().replace(/_/g, "-");
    if (/^t\d{4}(\.\d{3})?$/.test(name)) techniques.add(name.toUpperCase());
    else if (TACTICS.has(name)) tactics.add(name);
  }
  return { tactics: [...tactics], techniques: [...techniques] };
}
