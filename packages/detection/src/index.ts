export type {
  AnyRule, CompareOp, CorrelationRule, CorrelationType, DetectionItem, LogSource, RuleMeta, Selection, Severity, SigmaLevel, SigmaRule,
} from "./model/types";
export type { ConditionNode } from "./condition/types";
export { parseCondition, ConditionError } from "./condition/parse";
export { MODIFIERS } from "./model/modifiers";
export { attackTags, LEVELS } from "./model/tags";
export { loadRules } from "./load/load";
export type { RuleSet, RuleSource } from "./load/load";
export { loadRuleDirectory, loadBuiltinRules, readRuleFiles, BUILTIN_RULES_DIR } from "./load/load-dir";
export { SigmaRuleError } from "./load/errors";
export { matchesRule } from "./eval/match";
export { resolveField } from "./eval/fields";
export type { FieldResolver } from "./eval/fields";
export { DetectionEngine } from "./eval/engine";
export { CorrelationWindows } from "./eval/correlation";
export type { DetectionMatch } from "./eval/match-types";
export type { Entities } from "./eval/entities";
export { eventEntities, mergeEntities } from "./eval/entities";
