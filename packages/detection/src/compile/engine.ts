// DetectionEngine with its single-event rules found by the compiled backend. The engine keeps
// all its stream semantics (correlations, chains, lateness, checkpoints); the compiled rule set
// answers "which rules match this event" (logsource and condition) once per event, in rule-set
// order, instead of the engine checking every rule, so the answers are DetectionEngine's.
import type { EngineOptions } from "../eval/engine";
import { DetectionEngine } from "../eval/engine";
import type { RuleSet } from "../load/load";
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
  const engine = new DetectionEngine(ruleSet, { ...options, resolve, pipeline, matchingRules: (event) => compiled.matchRules(event) });
  return { engine, compiled };
}
