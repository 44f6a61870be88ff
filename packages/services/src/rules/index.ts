// Rule management: import (validated, versioned) rule packs at three levels and resolve each
// tenant's effective rule set (global -> organization -> tenant). See resolve.ts for precedence.
export type { EffectiveRule, LevelRule, LevelSetting, RuleDocument, RuleFailure, RuleFile, RuleKind, RuleScope, Sourced } from "./types";
export { SCOPE_ORDER, SIGMA_LEVELS } from "./types";
export type { WritableScope } from "./access";
export { resolveEffectiveRules } from "./resolve";
export { engineSources, exceptionFilter } from "./engine-sources";
export type { EngineSources } from "./engine-sources";
export { validatePack, packHash, isRuleFile } from "./documents";
export { readZip, MAX_ZIP_UNCOMPRESSED_BYTES } from "./zip";
export { BUILTIN_PACK, builtinRules } from "./builtin";
export { filesFromZip, importRulePack, importRulePackAsOwner, MAX_PACK_FILES } from "./import-rule-pack";
export type { ImportInput, ImportResult, OwnerTarget } from "./import-rule-pack";
export { setRuleEnabled, overrideRule, SIGMA_STATUSES } from "./rule-settings";
export { listEffectiveRules, listRuleVersions, effectiveRuleYaml } from "./list-rules";
export type { EffectiveRuleList } from "./list-rules";
export { tenantEngineSources, currentRulesVersion } from "./effective";
export type { TenantEngineSources } from "./effective";
export type { PackVersion } from "./store";
export { listDetectionLists, setDetectionList, deleteDetectionList, LIST_NAME, MAX_LIST_VALUES, MAX_LIST_VALUE_LENGTH } from "./lists";
export type { DetectionList, ListsView } from "./lists";
