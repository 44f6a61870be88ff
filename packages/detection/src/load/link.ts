// Links a loaded rule set: folds filters into rules, resolves correlation references (base rules
// or other correlations, by id or name) and alias rule names, rejects reference cycles, and marks
// the base rules whose own matches are not alerts.
import type { CorrelationRule, SigmaFilter } from "../model/types";
import { applyFilters } from "./apply-filters";
import { SigmaRuleError } from "./errors";
import type { RuleSet } from "./load";

function refIndex(set: RuleSet): Map<string, string> {
  const byRef = new Map<string, string>();
  for (const r of [...set.rules, ...set.correlations]) {
    byRef.set(r.id, r.id);
    if (r.name) byRef.set(r.name, r.id);
  }
  return byRef;
}

function resolveCorrelation(c: CorrelationRule, byRef: Map<string, string>, errors: SigmaRuleError[]): boolean {
  const missing = c.rules.filter((ref) => !byRef.has(ref));
  if (missing.length > 0) {
    errors.push(new SigmaRuleError(c.file, "correlation.rules", `unknown rule ${missing.map((m) => `"${m}"`).join(", ")}`, undefined, undefined, "unknown-rule"));
    return false;
  }
  c.rules = c.rules.map((ref) => byRef.get(ref) as string);
  for (const [alias, byRule] of Object.entries(c.aliases)) {
    c.aliases[alias] = Object.fromEntries(Object.entries(byRule).map(([ref, field]) => [byRef.get(ref) ?? ref, field]));
  }
  return true;
}

/** Drops correlations that reach themselves through their references. */
function dropCycles(correlations: CorrelationRule[], errors: SigmaRuleError[]): CorrelationRule[] {
  const byId = new Map(correlations.map((c) => [c.id, c]));
  const reaches = (from: CorrelationRule, target: string, seen: Set<string>): boolean =>
    from.rules.some((id) => id === target || (!seen.has(id) && byId.has(id) && (seen.add(id), reaches(byId.get(id) as CorrelationRule, target, seen))));
  return correlations.filter((c) => {
    if (!reaches(c, c.id, new Set())) return true;
    errors.push(new SigmaRuleError(c.file, "correlation.rules", `correlation "${c.name ?? c.id}" references itself through its chain`, undefined, undefined, "cycle"));
    return false;
  });
}

function filterErrors(unknown: Map<SigmaFilter, string[]>): SigmaRuleError[] {
  return [...unknown].map(([f, refs]) =>
    new SigmaRuleError(f.file, "filter.rules", `unknown rule ${refs.map((r) => `"${r}"`).join(", ")} (filter applies to the others)`, undefined, undefined, "unknown-rule"));
}

export function link(set: RuleSet): void {
  if (set.filters && set.filters.length > 0) {
    const { rules, unknown } = applyFilters(set.rules, set.filters);
    set.rules = rules;
    set.errors.push(...filterErrors(unknown));
  }
  const byRef = refIndex(set);
  const resolved = set.correlations.filter((c) => resolveCorrelation(c, byRef, set.errors));
  set.correlations = dropCycles(resolved, set.errors);
  set.silent = silentRules(set);
}

/**
 * Base rules referenced by correlations raise no alert of their own unless one of those
 * correlations says `generate: true`. Correlations referenced by others keep alerting: they have
 * their own title and level (mute one with a filter or the alert layer if wanted).
 */
function silentRules(set: RuleSet): Set<string> {
  const generated = new Set(set.correlations.filter((c) => c.generate).flatMap((c) => c.rules));
  const base = new Set(set.rules.map((r) => r.id));
  return new Set(set.correlations.flatMap((c) => c.rules).filter((id) => base.has(id) && !generated.has(id)));
}
