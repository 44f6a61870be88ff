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

/** One value as an unambiguous key part; undefined for arrays and objects (not cached). */
function keyPart(v: unknown): string | undefined {
  switch (typeof v) {
    case "string":
      return `s${v.length}:${v}`;
    case "number":
      return `d${String(v)};`;
    case "bigint":
      return `g${String(v)};`;
    case "boolean":
      return v ? "T" : "F";
    case "undefined":
      return "U";
    default:
      return v === null ? "N" : undefined;
  }
}

export class RuleMemo {
  private readonly answers = new Map<string, boolean>();
  private on = true;
  private lookups = 0;
  private hits = 0;

  constructor(private readonly fields: readonly string[]) {}

  matches(rule: SigmaRule, event: VigilEvent, resolve: FieldResolver): boolean {
    if (!this.on) return matchesRule(rule, event, resolve);
    let key = "";
    for (const field of this.fields) {
      const part = keyPart(resolve(event, field));
      if (part === undefined) return matchesRule(rule, event, resolve);
      key += part;
    }
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = matchesRule(rule, event, resolve);
      if (this.answers.size >= LIMIT) this.answers.clear();
      this.answers.set(key, answer);
    } else this.hits++;
    if (++this.lookups === WINDOW) {
      this.on = this.hits >= WINDOW * MIN_HIT_RATE;
      if (!this.on) this.answers.clear();
      this.lookups = 0;
      this.hits = 0;
    }
    return answer;
  }
}
