// Effective rules -> the YAML sources an engine is compiled from, and their hash (tenants with the
// same hash share one compiled engine). Overrides are applied to a copy of the stored YAML (level,
// status); exceptions become standard Sigma filters (`condition: not exception`) so the detection
// package applies them like any other filter. A disabled rule that an enabled correlation
// references stays in the set but silenced (no alert of its own), so disabling a noisy base rule
// never breaks the chains built on it.
import { createHash } from "node:crypto";
import type { RuleSource } from "@vigil/detection";
import { parse, parseDocument, stringify } from "yaml";
import type { EffectiveRule, RuleScope } from "./types";

function overridden(rule: EffectiveRule): string {
  const levelChanged = rule.level.from !== "rule" && rule.level.value !== null;
  const statusChanged = rule.status.from !== "rule" && rule.status.value !== null;
  if (!levelChanged && !statusChanged) return rule.yaml;
  const doc = parseDocument(rule.yaml);
  if (levelChanged) doc.set("level", rule.level.value);
  if (statusChanged) doc.set("status", rule.status.value);
  return doc.toString();
}

export function exceptionFilter(ruleId: string, scope: RuleScope, selection: Record<string, unknown>): RuleSource {
  const doc = {
    title: `Exception to ${ruleId} (${scope.toLowerCase()})`,
    id: `vigil-exception:${scope.toLowerCase()}:${ruleId}`,
    logsource: {},
    filter: { rules: [ruleId], vigil_exception: selection, condition: "not vigil_exception" },
  };
  return { file: `exceptions/${scope.toLowerCase()}/${ruleId}.yml`, text: stringify(doc) };
}

export interface EngineSources {
  sources: RuleSource[];
  /** Covers the sources, the silenced rules and the named lists. */
  hash: string;
  /** The tenant's named lists: values of the `%name%` placeholders (`|expand`); missing ones are empty. */
  placeholders?: Readonly<Record<string, readonly string[]>>;
  /** Disabled rules kept for the correlations that reference them: add to the rule set's `silent`. */
  silenced: string[];
}

/** The rule names or ids a correlation document references (`correlation.rules`). */
function correlationRefs(yaml: string): string[] {
  try {
    const doc = parse(yaml) as { correlation?: { rules?: unknown } } | null;
    const refs = doc?.correlation?.rules;
    return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === "string") : typeof refs === "string" ? [refs] : [];
  } catch {
    return []; // the loader reports the broken document
  }
}

/** Disabled rules reached from enabled correlations (through disabled correlations too). */
function silencedRules(rules: readonly EffectiveRule[]): Set<string> {
  const byRef = new Map<string, EffectiveRule>();
  for (const r of rules) {
    byRef.set(r.ruleId, r);
    const name = /^name:[ \t]*['"]?([^'"\s#]+)/m.exec(r.yaml)?.[1];
    if (name && !byRef.has(name)) byRef.set(name, r);
  }
  const silenced = new Set<string>();
  const queue = rules.filter((r) => r.kind === "correlation" && r.enabled.value);
  for (let c = queue.pop(); c; c = queue.pop()) {
    for (const ref of correlationRefs(c.yaml)) {
      const target = byRef.get(ref);
      if (!target || target.enabled.value || silenced.has(target.ruleId)) continue;
      silenced.add(target.ruleId);
      if (target.kind === "correlation") queue.push(target);
    }
  }
  return silenced;
}

/** Sources of the enabled rules (overrides applied), silenced ones, one filter per exception, and the named lists. */
export function engineSources(rules: readonly EffectiveRule[], lists?: Readonly<Record<string, readonly string[]>>): EngineSources {
  const silenced = silencedRules(rules);
  const sources: RuleSource[] = [];
  for (const rule of rules) {
    if (!rule.enabled.value && !silenced.has(rule.ruleId)) continue;
    sources.push({ file: rule.file, text: overridden(rule) });
    if (rule.kind === "rule") for (const e of rule.exceptions) sources.push(exceptionFilter(rule.ruleId, e.scope, e.selection));
  }
  const hash = createHash("sha256");
  for (const s of sources) hash.update(`${s.file}\0${s.text}\0`);
  hash.update(`silenced\0${[...silenced].sort().join(",")}`);
  for (const name of Object.keys(lists ?? {}).sort()) hash.update(`\0list\0${name}\0${JSON.stringify(lists?.[name])}`);
  return { sources, hash: hash.digest("hex"), silenced: [...silenced].sort(), ...(lists ? { placeholders: lists } : {}) };
}
