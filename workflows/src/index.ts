// @vigil/workflows public surface: client helpers, the activity factory, signal/query definitions
// and types. The worker bundles the workflow code from `workflowsPath`.
import { fileURLToPath } from "node:url";

export {
  TASK_QUEUE,
  createTemporalClient,
  describeResponse,
  incidentWorkflowId,
  signalAcknowledge,
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
} from "./workflows/incident-response";
export type * from "./types";
export type { Client as TemporalClient } from "@temporalio/client";

/** Entry module for `bundleWorkflowCode({ workflowsPath })`. */
export const workflowsPath = fileURLToPath(new URL("./workflows/index.ts", import.meta.url));
