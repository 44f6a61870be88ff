// The Sigma rule model (pySigma shape): rules, logsource, detections made of detection items
// holding typed values. Evaluation lives in ../eval and never changes the model.
import type { ConditionNode } from "../condition/types";
import type { PlaceholderUse } from "./detection";
import type { ValueMatcher } from "./values";

export type Severity = "INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
export type SigmaLevel = "informational" | "low" | "medium" | "high" | "critical";

export interface RuleMeta {
  /** Sigma `id` (uuid) when present, else `name`, else the file-derived title slug. */
  id: string;
  name?: string;
  title: string;
  description?: string;
  level: SigmaLevel;
  severity: Severity;
  status?: string;
  tags: string[];
  tactics: string[];
  techniques: string[];
  file: string;
}

export interface LogSource {
  category?: string;
  product?: string;
  service?: string;
}

/** One `field|modifiers: values` entry. `field` null = keyword (matched against the raw text). */
export interface DetectionItem {
  field: string | null;
  modifiers: string[];
  matchers: ValueMatcher[];
  /** `|all`: every value must match instead of any. */
  all: boolean;
}

/** A named selection: alternatives (OR) of item groups (AND). */
export interface Selection {
  name: string;
  alternatives: DetectionItem[][];
}

export interface SigmaRule extends RuleMeta, PlaceholderUse {
  kind: "rule";
  logsource: LogSource;
  selections: ReadonlyMap<string, Selection>;
  /** After linking, includes the conditions of the Sigma filters applied to the rule (ANDed). */
  condition: ConditionNode;
  /** Ids of the Sigma filters folded into `selections` and `condition`. */
  filteredBy?: string[];
}

/**
 * Sigma filter: its condition is ANDed to the condition of every rule it applies to (pySigma),
 * so `condition: not selection` suppresses the rule's matches on events matching `selection`.
 */
export interface SigmaFilter extends PlaceholderUse {
  kind: "filter";
  id: string;
  title: string;
  file: string;
  /** Applies only to rules whose logsource has every key given here with the same value. */
  logsource: LogSource;
  /** Rule ids or names, or "any" for every rule of the logsource. */
  rules: string[] | "any";
  selections: ReadonlyMap<string, Selection>;
  condition: ConditionNode;
}

export type CorrelationType =
  | "event_count" | "value_count" | "temporal" | "temporal_ordered" | "value_sum" | "value_avg" | "value_percentile";
export type CompareOp = "gt" | "gte" | "lt" | "lte" | "eq" | "neq";

export interface Criterion {
  op: CompareOp;
  value: number;
}

export interface CorrelationRule extends RuleMeta {
  kind: "correlation";
  type: CorrelationType;
  /** Ids of the referenced rules (base rules or correlations) after linking; names as written before. */
  rules: string[];
  /** Group-by fields or alias names. */
  groupBy: string[];
  timespanMs: number;
  /** The first criterion and the field (kept for callers reading one comparison). */
  condition: { op: CompareOp; value: number; field?: string };
  /** Every criterion, ANDed (`{gt: 100, lte: 200}` is a range). */
  criteria: Criterion[];
  /** `condition.field` when it lists several fields: value_count counts distinct combinations. */
  fields?: string[];
  /** Alias name -> referenced rule id (or name before linking) -> field in that rule's events. */
  aliases: Record<string, Record<string, string>>;
  /** Whether the referenced base rules still raise their own alerts (Sigma 2 `generate`). */
  generate: boolean;
}

export type AnyRule = SigmaRule | CorrelationRule;
