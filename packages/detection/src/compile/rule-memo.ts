// Memoized rule answers for the compiled backend. A rule whose items all name a field and test
// it with value matchers only (no keywords, no field references, no opaque matchers) answers as
// a function of those fields' values alone, so the answer is cached per distinct tuple of values.
// Real streams repeat them a lot (the same Image / OriginalFileName / Description across a
// fleet); a rule whose tuples mostly differ (a command line in it) stops caching after one window.
import type { VigilEvent } from "@vigil/schema";
import type { FieldResolver } from "../eval/fields";
import { matchesRule } from "../eval/match";
import type { SigmaRule } from "../model/types";

/** Matcher kinds whose answer depends on the tested value alone (see model/values.ts). */
const VALUE_ONLY = new Set(["string", "number", "bool", "null", "exists", "regex", "compare", "cidr", "time"]);
const LIMIT = 4096;
const WINDOW = 2048;
const MIN_HIT_RATE = 0.3;

/** The fields a rule reads, or undefined when its answer may depend on anything else. */
export function ruleFields(rule: SigmaRule): string[] | undefined {
  const fields = new Set<string>();
  for (const selection of rule.selections.values()) {
    for (const group of selection.alternatives) {
      for (const item of group) {
        if (item.field === null) return undefined;
        for (const m of item.matchers) if (!VALUE_ONLY.has(m.kind ?? "")) return undefined;
        fields.add(item.field);
      }
    }
  }
  return [...fields];
}

/** Values cached as Map keys (SameValueZero keeps types apart: "1" is not 1); arrays and objects are not cached. */
function cacheable(v: unknown): boolean {
  return v === null || (typeof v !== "object" && typeof v !== "function" && typeof v !== "symbol");
}

/** One level per field: value -> next level, and booleans (the answers) at the last level. */
type Level = Map<unknown, unknown>;

export class RuleMemo {
  private answers: Level = new Map();
  private size = 0;
  private on = true;
  private lookups = 0;
  private hits = 0;

  constructor(private readonly fields: readonly string[]) {}

  matches(rule: SigmaRule, event: VigilEvent, resolve: FieldResolver): boolean {
    if (!this.on) return matchesRule(rule, event, resolve);
    // Nested maps keyed by the values themselves: a lookup builds no key string.
    const { fields } = this;
    let level = this.answers;
    let value: unknown = null;
    for (let i = 0; i < fields.length; i++) {
      value = resolve(event, fields[i] as string);
      if (!cacheable(value)) return matchesRule(rule, event, resolve);
      if (i === fields.length - 1) break;
      let next = level.get(value) as Level | undefined;
      if (!next) level.set(value, (next = new Map()));
      level = next;
    }
    let answer = level.get(value) as boolean | undefined;
    if (answer === undefined) {
      answer = matchesRule(rule, event, resolve);
      if (this.size >= LIMIT) {
        this.answers = new Map();
        this.size = 0;
        return answer;
      }
      level.set(value, answer);
      this.size++;
    } else this.hits++;
    if (++this.lookups === WINDOW) {
      this.on = this.hits >= WINDOW * MIN_HIT_RATE;
      if (!this.on) {
        this.answers = new Map();
        this.size = 0;
      }
      this.lookups = 0;
      this.hits = 0;
    }
    return answer;
  }
}
