// What the keyword scan of one route looks for. Every string of every event is scanned for the
// keyword needles of the admitted rules, so the needles are kept few and long:
// - a rule with several keyword-only clauses is looked up by its most selective one (longest
//   shortest needle), whose hit marks the other keyword-only clauses too (still a necessary
//   condition; the evaluator decides the rest);
// - a rule that also needs a clause without keywords (`EventID: 4769 and keywords`) is "gated":
//   its needles are searched only when the event already hit all its other clauses, which the
//   field scans before it decided. Most events then search only the ungated rules' needles
//   (`Mimikatz Use`), with a skipping search down to 4-character needles (KEYWORD_SKIP).
import type { FieldIndex } from "./field-index";
import { FieldIndex as Index, KEYWORD_SKIP } from "./field-index";
import type { Atom, Clause } from "./needs";
import { KEYWORDS } from "./needs";

/** Index entries are `rule * 4 + clause` (as in compile.ts). */
const entry = (rule: number, clause: number) => rule * 4 + clause;

export interface KeywordRule {
  rule: number;
  need: readonly Clause[];
}

export interface KeywordRoute {
  /** The needles of the rules that need nothing but keywords. */
  ungated: FieldIndex | undefined;
  /** The needles of every admitted keyword rule. */
  all: FieldIndex | undefined;
  /** Gated rules and, per rule, the clause bits that must be marked before their needles count. */
  gated: Int32Array;
  gates: Uint8Array;
}

const isKeyword = (a: Atom) => a.field === KEYWORDS;

function selectivity(clause: Clause): number {
  let min = Number.POSITIVE_INFINITY;
  for (const a of clause) min = Math.min(min, a.kind === "any" || a.kind === "test" ? 0 : a.text.length);
  return min;
}

/** The rules whose need has a keyword atom. */
export function keywordRules(needs: readonly (readonly Clause[] | null)[]): KeywordRule[] {
  const out: KeywordRule[] = [];
  needs.forEach((need, rule) => {
    if (need && need.some((c) => c.some(isKeyword))) out.push({ rule, need });
  });
  return out;
}

/** Adds a rule's keyword atoms to `index`; returns the bits of its clauses without keywords. */
function addRule(index: FieldIndex, { rule, need }: KeywordRule): number {
  const pure = need.map((c, j) => (c.length > 0 && c.every(isKeyword) ? j : -1)).filter((j) => j >= 0);
  const best = pure.reduce((b, j) => (b < 0 || selectivity(need[j] as Clause) > selectivity(need[b] as Clause) ? j : b), -1);
  let gate = 0;
  need.forEach((clause, j) => {
    if (!clause.some(isKeyword)) gate |= 1 << j;
    else if (!pure.includes(j)) for (const a of clause) if (isKeyword(a)) index.add(a, entry(rule, j));
  });
  for (const a of need[best] ?? []) for (const j of pure) index.add(a, entry(rule, j));
  return gate;
}

function sealed(index: FieldIndex): FieldIndex | undefined {
  if (index.atoms === 0) return undefined;
  index.seal(KEYWORD_SKIP);
  return index;
}

export function keywordRoute(rules: readonly KeywordRule[], slot: number): KeywordRoute {
  const ungated = new Index(KEYWORDS, slot);
  const all = new Index(KEYWORDS, slot);
  const gated: number[] = [];
  const gates: number[] = [];
  for (const r of rules) {
    const gate = addRule(all, r);
    if (gate === 0) addRule(ungated, r);
    else {
      gated.push(r.rule);
      gates.push(gate);
    }
  }
  return { ungated: sealed(ungated), all: sealed(all), gated: Int32Array.from(gated), gates: Uint8Array.from(gates) };
}
