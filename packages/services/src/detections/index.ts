export { recordDetections } from "./record-detections";
export type { NewIncident, RecordDetectionsResult, RecordedAlert } from "./record-detections";
export { DEDUP_WINDOW_MS, MAX_ALERT_EVENT_IDS } from "./upsert-alert";
export { GROUPING_WINDOW_MS } from "./attach-incident";
