// DetectionEngine with its single-event rules found by the compiled backend. The engine keeps
// all its stream semantics (correlations, chains, lateness, checkpoints); the compiled rule set
// answers its per-rule question "does this rule's logsource admit the event" with "does this
// rule match the event" (logsource and condition), computed once per event. The engine then
// evaluates the condition only of the rules that matched, so the answers are DetectionEngine's.
import type { VigilEvent } from "@vigil/schema";
import type { EngineOptions } from "../eval/engine";
import { DetectionEngine } from "../eval/engine";
import type { RuleSet } from "../load/load";
import type { SigmaRule } from "../model/types";
import { passthroughPipeline } from "../pipeline/pipeline";
import type { CompiledRuleSet } from "./compile";
import { compileRules } from "./compile";

export interface CompiledEngine {
  engine: DetectionEngine;
  compiled: CompiledRuleSet;
}

export function compiledEngine(ruleSet: RuleSet, options: EngineOptions = {}): CompiledEngine {
  const pipeline = options.pipeline ?? passthroughPipeline;
  const resolve = options.resolve ?? pipeline.resolve;
  const compiled = compileRules(ruleSet.rules, { pipeline, resolve });
  let last: VigilEvent | undefined;
  let matched = new Set<SigmaRule>();
  const admits = (rule: SigmaRule, event: VigilEvent): boolean => {
    if (event !== last) {
      last = event;
      matched = new Set(compiled.matchRules(event));
    }
    return matched.has(rule);
  };
  const engine = new DetectionEngine(ruleSet, { ...options, resolve, pipeline: { ...pipeline, admits, resolve } });
  return { engine, compiled };
}
