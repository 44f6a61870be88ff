// Entry point of the workflow bundle (bundleWorkflowCode's workflowsPath): every workflow type.
export { incidentResponseWorkflow, acknowledgeSignal, responseStateQuery } from "./incident-response";
export { maintenanceWorkflow } from "./maintenance";
export { uebaTrainingWorkflow } from "./ueba";
