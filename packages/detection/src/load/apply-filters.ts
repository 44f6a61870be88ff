// Folds Sigma filters into the rules they name (pySigma `SigmaFilter.apply_on_rule`): the filter's
// selections join the rule's under private names and its condition is ANDed to the rule's.
import type { ConditionNode } from "../condition/types";
import type { LogSource, Selection, SigmaFilter, SigmaRule } from "../model/types";

function logsourceCovers(filter: LogSource, rule: LogSource): boolean {
  return (["category", "product", "service"] as const).every((k) => filter[k] === undefined || filter[k]?.toLowerCase() === rule[k]?.toLowerCase());
}

export function filterApplies(filter: SigmaFilter, rule: SigmaRule): boolean {
  if (!logsourceCovers(filter.logsource, rule.logsource)) return false;
  if (filter.rules === "any") return true;
  return filter.rules.some((ref) => ref === rule.id || ref === rule.name);
}

function renamed(node: ConditionNode, rename: (name: string) => string): ConditionNode {
  switch (node.type) {
    case "and":
    case "or": return { type: node.type, children: node.children.map((c) => renamed(c, rename)) };
    case "not": return { type: "not", child: renamed(node.child, rename) };
    case "ref": return { type: "ref", name: rename(node.name) };
    case "of": return { ...node, names: node.names.map(rename) };
  }
}

function union(a: readonly string[] | undefined, b: readonly string[] | undefined): string[] | undefined {
  if (!a?.length && !b?.length) return undefined;
  return [...new Set([...(a ?? []), ...(b ?? [])])].sort();
}

/** A filter's placeholders become the rule's: the rule waits for the filter's lists too. */
function mergedPlaceholders(rule: SigmaRule, filter: SigmaFilter): Pick<SigmaRule, "placeholders" | "unresolvedPlaceholders"> {
  const placeholders = union(rule.placeholders, filter.placeholders);
  const unresolved = union(rule.unresolvedPlaceholders, filter.unresolvedPlaceholders);
  return { ...(placeholders ? { placeholders } : {}), ...(unresolved ? { unresolvedPlaceholders: unresolved } : {}) };
}

export function applyFilter(rule: SigmaRule, filter: SigmaFilter, index: number): SigmaRule {
  const rename = (name: string) => `_filter${index}_${name}`;
  const selections = new Map<string, Selection>(rule.selections);
  for (const [name, sel] of filter.selections) selections.set(rename(name), { ...sel, name: rename(name) });
  return {
    ...rule,
    selections,
    condition: { type: "and", children: [rule.condition, renamed(filter.condition, rename)] },
    filteredBy: [...(rule.filteredBy ?? []), filter.id],
    ...mergedPlaceholders(rule, filter),
  };
}

/** Applies every filter to the rules it covers; returns the new rules and the unknown references. */
export function applyFilters(rules: readonly SigmaRule[], filters: readonly SigmaFilter[]): { rules: SigmaRule[]; unknown: Map<SigmaFilter, string[]> } {
  const unknown = new Map<SigmaFilter, string[]>();
  for (const f of filters) {
    if (f.rules === "any") continue;
    const missing = f.rules.filter((ref) => !rules.some((r) => r.id === ref || r.name === ref));
    if (missing.length > 0) unknown.set(f, missing);
  }
  const out = rules.map((rule) => filters.reduce((r, f, i) => (filterApplies(f, r) ? applyFilter(r, f, i) : r), rule));
  return { rules: out, unknown };
}
