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
  const backend = backendOptions(options);
  return withEngine(ruleSet, options, backend, compileRules(ruleSet.rules, backend));
}

/** `compiledEngine`, compiling with `compileRulesAsync` (the event loop let through while it compiles). */
export async function compiledEngineAsync(ruleSet: RuleSet, options: EngineOptions = {}): Promise<CompiledEngine> {
  const backend = backendOptions(options);
  return withEngine(ruleSet, options, backend, await compileRulesAsync(ruleSet.rules, backend));
}

/** The pipeline and resolver both the compiled backend and the engine use. */
function backendOptions(options: EngineOptions): Required<Pick<EngineOptions, "pipeline" | "resolve">> {
  const pipeline = options.pipeline ?? passthroughPipeline;
  return { pipeline, resolve: options.resolve ?? pipeline.resolve };
}

function withEngine(ruleSet: RuleSet, options: EngineOptions, backend: ReturnType<typeof backendOptions>, compiled: CompiledRuleSet): CompiledEngine {
  const engine = new DetectionEngine(ruleSet, { ...options, ...backend, matchingRules: (event) => compiled.matchRules(event) });
  return { engine, compiled };
}
