export { IngestLimits, DEFAULT_MAX_IN_FLIGHT_BYTES } from "./limits";
export type { LimitsOptions, LimitsStats, Verdict } from "./limits";
export { DEFAULT_TENANT_QUOTA } from "./quotas";
export type { TenantQuota } from "./quotas";
export { registerLimits, refusalReply } from "./http";
export { estimateEvents, ingestKind } from "./estimate";
export { withPendingPressure } from "./log-pressure";
export type { PressuredLog } from "./log-pressure";
