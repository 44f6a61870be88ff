// @vigil/workflows public surface: client helpers, the activity factory, signal/query definitions
// and types. The worker bundles the workflow code from `workflowsPath`.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export {
  TASK_QUEUE,
  createLazyTemporalClient,
  createTemporalClient,
  describeResponse,
  incidentWorkflowId,
  signalAcknowledge,
  signalSeverityRaised,
  startIncidentResponse,
  temporalSettings,
  type ResponseDescription,
  type StartedResponse,
  type TemporalSettings,
} from "./client";
export { createActivities, createSmtpMailer, smtpConfigFromEnv, type ActivityDeps, type Mailer, type SmtpConfig } from "./activities";
export {
  DEFAULT_EXPIRE_AFTER_SECONDS,
  acknowledgeSignal,
  incidentResponseWorkflow,
  responseStateQuery,
  severityRaisedSignal,
} from "./workflows/incident-response";
export { createMaintenanceActivities } from "./activities/maintenance";
export type { MaintenanceActivities, MaintenanceActivityDeps, PartitionsAheadSummary, RetentionSummary } from "./activities/maintenance";
export { maintenanceWorkflow, type MaintenanceInput, type MaintenanceResult } from "./workflows/maintenance";
export { MAINTENANCE_SCHEDULE_ID, ensureMaintenanceSchedule, type MaintenanceScheduleOptions } from "./schedules";
export { createUebaActivities, ensureUebaTrainingSchedule, UEBA_TRAINING_SCHEDULE_ID } from "./activities/ueba";
export type { UebaActivities, UebaActivityDeps, UebaScheduleOptions, UebaTrainInput, UebaTrainSummary } from "./activities/ueba";
export { uebaTrainingWorkflow, type UebaTrainingInput, type UebaTrainingResult } from "./workflows/ueba";
export type * from "./types";
export type { Client as TemporalClient } from "@temporalio/client";

/** Entry module for `bundleWorkflowCode({ workflowsPath })`. */
// Built from the module path rather than `new URL(..., import.meta.url)`, which bundlers turn into an asset.
export const workflowsPath = join(dirname(fileURLToPath(import.meta.url)), "workflows", "index.ts");
