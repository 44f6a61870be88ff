// What must hold for a rule to match: a set of index atoms of which at least one is true for
// every event the rule matches (a necessary condition, never a sufficient one). The backend then
// evaluates the full rule only when one of its atoms hit. Anything this analysis does not
// understand (regexes, comparisons, null, NOT, unknown matcher kinds) is `ANY`, so the rule is
// evaluated for every event: unknown is always slow, never wrong.
import type { ConditionNode } from "../condition/types";
import type { StringPart } from "../model/sigma-string";
import { MANY, ONE } from "../model/sigma-string";
import type { DetectionItem, Selection, SigmaRule } from "../model/types";
import type { ValueMatcher } from "../model/values";

/**
 * `eq`: the lower-cased field text equals `text`; `contains`/`prefix`/`suffix`: the lower-cased
 * field text contains / starts with / ends with `text` (never empty); `test`: an opaque matcher
 * that depends on the value alone is true for the value or one of its elements (`memo`: the
 * answer is cached per distinct value, for low-cardinality fields such as EventID).
 */
export type Atom =
  | { field: string; kind: "eq" | "contains" | "prefix" | "suffix"; text: string }
  | { field: string; kind: "test"; matcher: ValueMatcher; memo: boolean }
  /** The field has a scalar value (all a string matcher needs when its pattern has no literal). */
  | { field: string; kind: "any" };

/** Matcher kinds whose answer is a function of the tested value only (no lookup, not whole). */
const PURE_KINDS: ReadonlyMap<string, { memo: boolean; score: number }> = new Map([
  ["number", { memo: true, score: 8 }],
  ["bool", { memo: true, score: 2 }],
  ["regex", { memo: false, score: 2.5 }],
  ["cidr", { memo: false, score: 2.5 }],
  ["compare", { memo: false, score: 1 }],
]);

/** A disjunction of atoms; empty = false (that branch can never match). */
export type Clause = Atom[];

/** A conjunction of clauses; null = nothing indexable is necessary (any event may match). */
export type Need = Clause[] | null;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function atomScore(atom: Atom): number {
  if (atom.kind === "any") return 0.5;
  if (atom.kind === "test") return PURE_KINDS.get(atom.matcher.kind ?? "")?.score ?? 0;
  return atom.text.length + (atom.kind === "eq" ? 4 : atom.kind === "contains" ? 0 : 1);
}

function isStringMatcher(m: ValueMatcher): m is ValueMatcher & { parts: readonly StringPart[]; cased: boolean } {
  return m.kind === "string" && !m.whole && Array.isArray(m.parts) && typeof m.cased === "boolean";
}

/**
 * One atom implied by a string matcher. Exact and plain-contains matchers compare
 * `toLowerCase()` texts, which is what the index does, so any text is safe; a cased match
 * implies the lower-cased one for ASCII needles. Wildcard patterns run as `/i` regexes whose
 * case folding differs from `toLowerCase()` outside ASCII, so only ASCII literals are used.
 */
function stringAtom(field: string, parts: readonly StringPart[], cased: boolean): Atom {
  const wildcards = parts.some((p) => p === MANY || p === ONE);
  if (!wildcards) return { field, kind: "eq", text: parts.join("").toLowerCase() };
  const plainContains = parts.length === 3 && parts[0] === MANY && parts[2] === MANY && typeof parts[1] === "string";
  const safe = (text: string) => text.length > 0 && ((plainContains && !cased) || isAscii(text));
  const options: Atom[] = [];
  parts.forEach((p, i) => {
    if (typeof p !== "string" || !safe(p)) return;
    const kind = i === 0 ? "prefix" : i === parts.length - 1 ? "suffix" : "contains";
    options.push({ field, kind, text: p.toLowerCase() });
  });
  let best: Atom = { field, kind: "any" };
  for (const a of options) if (atomScore(a) > atomScore(best)) best = a;
  return best;
}

function testAtom(field: string, m: ValueMatcher): Atom | null {
  const pure = m.whole ? undefined : PURE_KINDS.get(m.kind ?? "");
  return pure ? { field, kind: "test", matcher: m, memo: pure.memo } : null;
}

/** The pseudo-field of keyword (field-less) items: every string of the event (`eventStrings`). */
export const KEYWORDS = "\u0000keywords";

function itemNeed(item: DetectionItem): Need {
  if (item.matchers.length === 0) return [[]];
  const field = item.field ?? KEYWORDS;
  const atoms: Atom[] = [];
  for (const m of item.matchers) {
    const atom = isStringMatcher(m) ? stringAtom(field, m.parts, m.cased) : testAtom(field, m);
    // `all`: every value must match, so any one matcher's atom is necessary.
    if (item.all && atom) return [[atom]];
    if (!atom) {
      if (!item.all) return null;
      continue;
    }
    atoms.push(atom);
  }
  return item.all ? null : [atoms];
}

/** Clauses kept per rule: each one more clause a rule needs cuts its false candidates. */
export const MAX_CLAUSES = 3;

function clauseScore(clause: Clause): number {
  let min = Number.POSITIVE_INFINITY;
  for (const atom of clause) min = Math.min(min, atomScore(atom));
  return min;
}

/** A clause whose atoms must be tested one by one on every event (regex, cidr, comparisons). */
function costly(clause: Clause): boolean {
  return clause.some((a) => a.kind === "test" && !a.memo);
}

/** AND: every child's clauses are necessary; keep the most selective few, cheap ones first. */
function allOf(needs: Need[]): Need {
  const clauses = needs.flatMap((n) => n ?? []);
  return clauses.length === 0 ? null : keepBest(clauses);
}

/** The `MAX_CLAUSES` most selective clauses, cheap ones first. */
function keepBest(clauses: Clause[]): Clause[] {
  const cheap = clauses.filter((c) => !costly(c));
  return (cheap.length > 0 ? cheap : clauses).sort((x, y) => clauseScore(y) - clauseScore(x)).slice(0, MAX_CLAUSES);
}

/**
 * OR: one of the children holds. Distributes (A and B) or C into (A or C) and (B or C): every
 * clause made of one clause per child is necessary, so a rule like `1 of selection_*` whose
 * selections each need two rare strings keeps needing two (not just the longest of them).
 * Trimmed to the best few after each child, so `1 of` over many selections stays small.
 */
function anyOf(needs: Need[]): Need {
  if (needs.length === 1) return needs[0] as Need;
  let acc: Clause[] | undefined;
  for (const n of needs) {
    if (n === null) return null;
    // A child that can never match holds an empty clause: [] + b = b, so the product drops it.
    if (acc === undefined) {
      acc = n;
      continue;
    }
    const product: Clause[] = [];
    for (const a of acc) for (const b of n) product.push([...a, ...b]);
    acc = keepBest(product);
  }
  return acc ?? [[]];
}

function selectionNeed(selection: Selection): Need {
  return anyOf(selection.alternatives.map((group) => allOf(group.map(itemNeed))));
}

function conditionNeed(node: ConditionNode, selections: ReadonlyMap<string, Selection>): Need {
  const ref = (name: string): Need => {
    const s = selections.get(name);
    return s ? selectionNeed(s) : null;
  };
  switch (node.type) {
    case "and":
      return allOf(node.children.map((c) => conditionNeed(c, selections)));
    case "or":
      return anyOf(node.children.map((c) => conditionNeed(c, selections)));
    case "ref":
      return ref(node.name);
    case "of":
      if (node.names.length === 0) return [[]];
      if (node.min === "all") return allOf(node.names.map(ref));
      return node.min >= 1 ? anyOf(node.names.map(ref)) : null;
    default:
      return null;
  }
}

function atomKey(a: Atom): unknown {
  return a.kind === "test" ? a.matcher : `${a.field}\u0000${a.kind}\u0000${a.kind === "any" ? "" : a.text}`;
}

/**
 * The rule's necessary condition as clauses (every clause must hold; a clause holds when one of
 * its atoms does); null when nothing indexable is necessary.
 */
export function ruleNeed(rule: SigmaRule): Need {
  const need = conditionNeed(rule.condition, rule.selections);
  if (need === null) return null;
  return need.map((clause) => [...new Map(clause.map((a) => [atomKey(a), a])).values()]);
}
