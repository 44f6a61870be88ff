export { recordDetections } from "./record-detections";
export type { NewIncident, RaisedIncident, RecordDetectionsOptions, RecordDetectionsResult, RecordedAlert, SuppressedMatches } from "./record-detections";
export { DEDUP_WINDOW_MS, MAX_ALERT_EVENT_IDS } from "./upsert-alert";
export { GROUPING_WINDOW_MS } from "./attach-incident";
export { DISPOSITIONS, type AlertView } from "./alert-view";
export { listAlerts, MAX_ALERT_PAGE, type AlertPage, type ListAlertsInput } from "./list-alerts";
export { getAlert, type AlertDetail, type AlertEventSummary } from "./get-alert";
export { setDisposition, MAX_NOTE_LENGTH, type SetDispositionInput, type SetDispositionResult } from "./set-disposition";
