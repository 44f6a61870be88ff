// The inheritance of rule settings, as a pure function: global -> organization (MSSP) -> tenant.
// - Definition: the rules of every level's active packs; a lower level's pack that defines the
//   same rule id replaces the upper one's rule (input order breaks ties inside a level: later wins).
// - enabled / level / status: the most specific level that says something (non-null) wins, so an
//   organization disabling a rule disables it for all its tenants and one tenant may re-enable it.
// - Exceptions add up: each level's exception excepts its events on top of the others'.
import type { EffectiveRule, LevelRule, LevelSetting, RuleScope, Sourced } from "./types";
import { SCOPE_ORDER } from "./types";

const rank = (scope: RuleScope): number => SCOPE_ORDER.indexOf(scope);

function mostSpecific<T>(settings: readonly LevelSetting[], pick: (s: LevelSetting) => T | null, fallback: Sourced<T>): Sourced<T> {
  let best = fallback;
  let bestRank = -1;
  for (const s of settings) {
    const value = pick(s);
    if (value !== null && rank(s.scope) >= bestRank) {
      best = { value, from: s.scope };
      bestRank = rank(s.scope);
    }
  }
  return best;
}

export function resolveEffectiveRules(rules: readonly LevelRule[], settings: readonly LevelSetting[]): EffectiveRule[] {
  const defined = new Map<string, LevelRule>();
  for (const rule of rules) {
    const current = defined.get(rule.ruleId);
    if (!current || rank(rule.scope) >= rank(current.scope)) defined.set(rule.ruleId, rule);
  }
  const byRule = new Map<string, LevelSetting[]>();
  for (const s of settings) byRule.set(s.ruleId, [...(byRule.get(s.ruleId) ?? []), s]);
  return [...defined.values()]
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId))
    .map((rule) => {
      const own = byRule.get(rule.ruleId) ?? [];
      return {
        ruleId: rule.ruleId,
        kind: rule.kind,
        title: rule.title,
        file: rule.file,
        definedAt: rule.scope,
        pack: rule.pack,
        packVersion: rule.packVersion,
        yaml: rule.yaml,
        enabled: mostSpecific(own, (s) => s.enabled, { value: true, from: "rule" }),
        level: mostSpecific(own, (s) => s.level, { value: rule.level, from: "rule" }),
        status: mostSpecific<string | null>(own, (s) => s.status, { value: null, from: "rule" }),
        exceptions: [...own]
          .sort((a, b) => rank(a.scope) - rank(b.scope))
          .flatMap((s) => (s.exception ? [{ scope: s.scope, selection: s.exception }] : [])),
      };
    });
}
