// What each correlation type measures over the entries of one window, and the condition check.
import type { CorrelationRule, Criterion } from "../../model/types";
import type { Entry } from "./types";

function compare(op: Criterion["op"], n: number, value: number): boolean {
  switch (op) {
    case "gt": return n > value;
    case "gte": return n >= value;
    case "lt": return n < value;
    case "lte": return n <= value;
    case "eq": return n === value;
    case "neq": return n !== value;
  }
}

export function holds(criteria: readonly Criterion[], n: number): boolean {
  for (const c of criteria) if (!compare(c.op, n, c.value)) return false;
  return true;
}

/** temporal_ordered: how many of the rules appear in order (rule 1, then rule 2, ...) by time. */
function orderedPrefix(rules: readonly string[], window: readonly Entry[]): number {
  let k = 0;
  for (const e of window) if (k < rules.length && e.r === rules[k]) k++;
  return k;
}

function numbers(window: readonly Entry[]): number[] {
  return window.flatMap((e) => (typeof e.v === "number" ? [e.v] : typeof e.v === "string" && e.v.trim() !== "" && !Number.isNaN(Number(e.v)) ? [Number(e.v)] : []));
}

/**
 * The measured value, or undefined when the window has nothing to measure. `current` is the
 * entry the window ends at (value_percentile measures how common its value is).
 */
export function measure(rule: CorrelationRule, window: readonly Entry[], current: Entry): number | undefined {
  switch (rule.type) {
    case "event_count": return window.length;
    case "value_count": return new Set(window.flatMap((e) => (e.v === undefined ? [] : [String(e.v)]))).size;
    case "temporal": return new Set(window.map((e) => e.r)).size;
    case "temporal_ordered": return orderedPrefix(rule.rules, window);
    case "value_sum": {
      const ns = numbers(window);
      return ns.length === 0 ? undefined : ns.reduce((a, b) => a + b, 0);
    }
    case "value_avg": {
      const ns = numbers(window);
      return ns.length === 0 ? undefined : ns.reduce((a, b) => a + b, 0) / ns.length;
    }
    case "value_percentile": {
      // Share (0-100) of the window's values equal to the current one: `lte: 1` = a value seen in
      // at most 1% of the group's events (the spec's "rare process" example).
      if (current.v === undefined) return undefined;
      const valued = window.filter((e) => e.v !== undefined);
      return (100 * valued.filter((e) => String(e.v) === String(current.v)).length) / valued.length;
    }
  }
}

/** `measure` of the window `entries[from..to]`, ending at `current`, without copying it (the common types). */
export function measureRange(rule: CorrelationRule, entries: readonly Entry[], from: number, to: number, current: Entry): number | undefined {
  switch (rule.type) {
    case "event_count": return to - from + 1;
    case "value_count": {
      const values = new Set<string>();
      for (let i = from; i <= to; i++) {
        const v = (entries[i] as Entry).v;
        if (v !== undefined) values.add(String(v));
      }
      return values.size;
    }
    default: return measure(rule, entries.slice(from, to + 1), current);
  }
}

/**
 * Conditions with an upper bound (`lt`, `lte`, `eq`, `neq`) can only be judged once nothing more
 * can enter the window: those correlations are evaluated when their window closes. Not
 * value_percentile: it judges the arriving event's value against the window so far.
 */
export function closesWindows(rule: CorrelationRule): boolean {
  return rule.type !== "value_percentile" && rule.criteria.some((c) => c.op !== "gt" && c.op !== "gte");
}
