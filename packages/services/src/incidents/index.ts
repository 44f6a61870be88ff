export { acknowledgeIncident, type AcknowledgeDeps, type AcknowledgeResult } from "./acknowledge-incident";
export { getEscalationPolicy, type EscalationPolicyView } from "./get-escalation-policy";
export { getIncident } from "./get-incident";
export { WORKFLOW_STATES, type IncidentView, type IncidentWorkflowState } from "./incident-view";
export { MAX_INCIDENT_PAGE, listIncidents, type ListIncidentsInput } from "./list-incidents";
export { recordWorkflowState, type RecordWorkflowStateInput } from "./record-workflow-state";
export { setEscalationPolicy } from "./set-escalation-policy";
