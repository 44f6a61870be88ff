// UEBA read side (portal, tRPC) and the entity-risk alert builder. No TensorFlow here: the
// streaming sink and the training live in "@vigil/services/ueba/stream".
export { entityRisk, entityRiskInput, entityTimeline, FEATURES as UEBA_FEATURE_NAMES, modelStatus, timelineInput } from "./queries";
export type { EntityRiskInput, EntityRiskRow, EntityTimeline, ModelStatus, ModelStatusSeries, TimelineAnomaly, TimelineInput, TimelineWindow } from "./queries";
export { recordUebaAlerts, uebaAlertTitle, uebaMatch, entityParts, type UebaAlertInput } from "./alerts";
export { UEBA_RULE_ID, UEBA_SERIES, RISK_THRESHOLD, RISK_HALF_LIFE_MS, decayedRisk, type SeriesName } from "./series";
