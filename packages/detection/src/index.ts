export type {
  AnyRule, CompareOp, CorrelationRule, CorrelationType, Criterion, DetectionItem, LogSource, RuleMeta, Selection, Severity, SigmaFilter,
  SigmaLevel, SigmaRule,
} from "./model/types";
export type { ValueMatcher, FieldLookup } from "./model/values";
export { applyFilters, filterApplies } from "./load/apply-filters";
export type { ConditionNode } from "./condition/types";
export { parseCondition, ConditionError } from "./condition/parse";
export { MODIFIERS } from "./model/modifiers";
export { attackTags, LEVELS } from "./model/tags";
export { loadRules, loadRulesAsync } from "./load/load";
export type { LoadOptions, RuleSet, RuleSource, WaitingRule } from "./load/load";
export { loadRuleDirectory, loadBuiltinRules, readRuleFiles, BUILTIN_RULES_DIR } from "./load/load-dir";
export { SigmaRuleError } from "./load/errors";
export { matchesRule } from "./eval/match";
export { resolveField, TAXONOMY_ALIASES } from "./eval/fields";
export type { FieldResolver } from "./eval/fields";
export { DetectionEngine } from "./eval/engine";
export type { EngineOptions } from "./eval/engine";
export { CorrelationWindows, DEFAULT_LATENESS_MS } from "./eval/correlation";
export type { CorrelationSnapshot, Occurrence } from "./eval/correlation";
export { PIPELINES, passthroughPipeline, vigilPipeline, windowsPipeline } from "./pipeline/pipeline";
export type { VigilSource } from "./pipeline/vigil";
export { vigilSource } from "./pipeline/vigil";
export type { ProcessingPipeline } from "./pipeline/pipeline";
export { windowsLogsourceAdmits, WINDOWS_CATEGORIES, WINDOWS_SERVICES } from "./pipeline/windows-logsources";
export { evtxEvent, flattenEvtxRecord, parseJsonRecords } from "./pipeline/evtx";
export type { DetectionMatch } from "./eval/match-types";
export type { Entities } from "./eval/entities";
export { eventEntities, mergeEntities } from "./eval/entities";
export { compileRules, compileRulesAsync } from "./compile/compile";
export type { CompiledRuleSet, CompileOptions, CompileStats } from "./compile/compile";
export { compiledEngine, compiledEngineAsync } from "./compile/engine";
export type { CompiledEngine } from "./compile/engine";
