// The rule-management model shared by the use cases, the resolver and the ingest registry.
import type { SigmaLevel } from "@vigil/detection";

export type RuleScope = "GLOBAL" | "ORGANIZATION" | "TENANT";
export type RuleKind = "rule" | "correlation" | "filter";

/** A file given to an import (from a directory, a zip or an upload). */
export interface RuleFile {
  path: string;
  text: string;
}

/** One validated Sigma YAML document, stored verbatim. `file` is the path (`path#n` in multi-document files). */
export interface RuleDocument {
  ruleId: string;
  kind: RuleKind;
  title: string;
  level: SigmaLevel | null;
  file: string;
  yaml: string;
}

export interface RuleFailure {
  file: string;
  reason: string;
}

/** A rule as defined at one level: the active version of a pack of that level. */
export interface LevelRule extends RuleDocument {
  scope: RuleScope;
  pack: string;
  packVersion: number;
}

/** What one level says about a rule. `null` = inherit from the level above. */
export interface LevelSetting {
  scope: RuleScope;
  ruleId: string;
  enabled: boolean | null;
  level: SigmaLevel | null;
  status: string | null;
  /** A Sigma selection map (field|modifiers -> value(s)); matching events are excepted. */
  exception: Record<string, unknown> | null;
}

/** A value and the level it comes from ("rule": as written in the rule, no level changed it). */
export interface Sourced<T> {
  value: T;
  from: RuleScope | "rule";
}

export interface EffectiveRule {
  ruleId: string;
  kind: RuleKind;
  title: string;
  file: string;
  /** The level whose pack defines the rule (a lower level's pack replaces an upper one's rule of the same id). */
  definedAt: RuleScope;
  pack: string;
  packVersion: number;
  /** The YAML as imported (overrides are applied when the engine is built). */
  yaml: string;
  enabled: Sourced<boolean>;
  level: Sourced<SigmaLevel | null>;
  status: Sourced<string | null>;
  /** Additive: every level's exception applies. */
  exceptions: { scope: RuleScope; selection: Record<string, unknown> }[];
}

export const SCOPE_ORDER: readonly RuleScope[] = ["GLOBAL", "ORGANIZATION", "TENANT"];
export const SIGMA_LEVELS: readonly SigmaLevel[] = ["informational", "low", "medium", "high", "critical"];
