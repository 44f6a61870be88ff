// DetectionEngine with its single-event rules found by the compiled backend. The engine keeps
// all its stream semantics (correlations, chains, lateness, checkpoints); the compiled rule set
// answers "which rules match this event" (logsource and condition) once per event, in rule-set
// order, instead of the engine checking every rule, so the answers are DetectionEngine's.
import type { EngineOptions } from "../eval/engine";
import { DetectionEngine } from "../eval/engine";
import type { RuleSet } from "../load/load";
import { passthroughPipeline } from "../pipeline/pipeline";
import type { CompiledRuleSet } from "./compile";
import { compileRules, compileRulesAsync } from "./compile";

export interface CompiledEngine {
  engine: DetectionEngine;
  compiled: CompiledRuleSet;
}

export function compiledEngine(ruleSet: RuleSet, options: EngineOptions = {}): CompiledEngine {
  const { pipeline, resolve } = backendOptions(options);
  return withEngine(ruleSet, options, compileRules(ruleSet.rules, { pipeline, resolve }));
}

/** `compiledEngine`, compiling with `compileRulesAsync` (the event loop let through while it compiles). */
export async function compiledEngineAsync(ruleSet: RuleSet, options: EngineOptions = {}): Promise<CompiledEngine> {
  const { pipeline, resolve } = backendOptions(options);
  return withEngine(ruleSet, options, await compileRulesAsync(ruleSet.rules, { pipeline, resolve }));
}

function backendOptions(options: EngineOptions) {
  const pipeline = options.pipeline ?? passthroughPipeline;
  return { pipeline, resolve: options.resolve ?? pipeline.resolve };
}

function withEngine(ruleSet: RuleSet, options: EngineOptions, compiled: CompiledRuleSet): CompiledEngine {
  const engine = new DetectionEngine(ruleSet, { ...options, ...backendOptions(options), matchingRules: (event) => compiled.matchRules(event) });
  return { engine, compiled };
}
