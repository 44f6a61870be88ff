// The Sigma rule model (pySigma shape): rules, logsource, detections made of detection items
// holding typed values. Evaluation lives in ../eval and never changes the model.
import type { ConditionNode } from "../condition/types";
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

export interface SigmaRule extends RuleMeta {
  kind: "rule";
  logsource: LogSource;
  selections: ReadonlyMap<string, Selection>;
  condition: ConditionNode;
}

export type CorrelationType = "event_count" | "value_count";
export type CompareOp = "gt" | "gte" | "lt" | "lte" | "eq" | "neq";

export interface CorrelationRule extends RuleMeta {
  kind: "correlation";
  type: CorrelationType;
  /** Names or ids of the base rules, as written. */
  rules: string[];
  groupBy: string[];
  timespanMs: number;
  condition: { op: CompareOp; value: number; field?: string };
  /** Whether the referenced base rules still raise their own alerts (Sigma 2 `generate`). */
  generate: boolean;
}

export type AnyRule = SigmaRule | CorrelationRule;
