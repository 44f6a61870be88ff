export { runHunt, MAX_HUNT_EVENTS, MAX_HUNT_MATCHES, MAX_HUNT_RANGE_MS } from "./run-hunt";
export type { HuntProgress, HuntResult, HuntRuleCount, RunHuntInput } from "./run-hunt";
export { huntRuleSet, MAX_HUNT_RULE_BYTES } from "./hunt-rules";
export { huntPrefilter } from "./prefilter";
export type { Prefilter } from "./prefilter";
