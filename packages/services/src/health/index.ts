export { detectionHealth, MAX_HEALTH_DAYS, MAX_LISTED_RULES, type DetectionHealth, type DetectionHealthInput, type RuleFiring } from "./detection-health";
export { recordRuleLoad, ruleLoadReport, MAX_REPORTED_RULES, type FailedRuleInfo, type LoadedRuleInfo, type RuleLoadReport } from "./rule-load";
