// Client-side helpers: start the response workflow for an incident, acknowledge it, read its state.
// Used by ingest (start), the incidents service (acknowledge) and the worker (connection).
import { Client, Connection, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from "@temporalio/client";
import { readEnv } from "@vigil/env";
import type { IncidentResponseInput, ResponseResult, ResponseSnapshot, SeverityRaisedPayload } from "./types";
import { acknowledgeSignal, responseStateQuery, severityRaisedSignal, type incidentResponseWorkflow } from "./workflows/incident-response";

export const TASK_QUEUE = "vigil-response";
const QUERY_DEADLINE_MS = 5_000;

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
}

export function temporalSettings(): TemporalSettings {
  const env = readEnv("temporal");
  return { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE };
}

/** Connects (fails within a few seconds when the server is down). Close with `client.connection.close()`. */
export async function createTemporalClient(settings: TemporalSettings = temporalSettings()): Promise<Client> {
  const connection = await Connection.connect({ address: settings.address, connectTimeout: "3 seconds" });
  return new Client({ connection, namespace: settings.namespace });
}

/**
 * A client whose connection opens on first use, for request handlers: a Temporal outage then fails
 * only the call that needs Temporal (e.g. the acknowledgement signal), not the whole request.
 */
export function createLazyTemporalClient(settings: TemporalSettings = temporalSettings()): Client {
  const connection = Connection.lazy({ address: settings.address, connectTimeout: "3 seconds" });
  return new Client({ connection, namespace: settings.namespace });
}

export function incidentWorkflowId(incidentId: string): string {
  return `incident-${incidentId}`;
}

export interface StartedResponse {
  workflowId: string;
  /** false when a run for this incident already exists (running or completed): not an error. */
  started: boolean;
  runId?: string;
}

export async function startIncidentResponse(
  client: Client,
  input: IncidentResponseInput,
  options: { taskQueue?: string } = {},
): Promise<StartedResponse> {
  const workflowId = incidentWorkflowId(input.incidentId);
  try {
    const handle = await client.workflow.start<typeof incidentResponseWorkflow>("incidentResponseWorkflow", {
      workflowId,
      taskQueue: options.taskQueue ?? temporalSettings().taskQueue,
      args: [input],
      workflowIdConflictPolicy: "FAIL",
      workflowIdReusePolicy: "ALLOW_DUPLICATE_FAILED_ONLY",
    });
    return { workflowId, started: true, runId: handle.firstExecutionRunId };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}

/**
 * A more severe alert joined the incident: the running response tells everyone notified so far.
 * Signal-with-start, so a raise that overtakes the incident's own start (rules and behaviour
 * analytics record alerts concurrently) starts the run with the incident as it was (`input`) and
 * is delivered to it. Returns false when the incident's run already closed (acknowledged or expired).
 */
export async function signalSeverityRaised(
  client: Client,
  input: IncidentResponseInput,
  raise: SeverityRaisedPayload,
  options: { taskQueue?: string } = {},
): Promise<boolean> {
  try {
    await client.workflow.signalWithStart<typeof incidentResponseWorkflow, [SeverityRaisedPayload]>("incidentResponseWorkflow", {
      workflowId: incidentWorkflowId(input.incidentId),
      taskQueue: options.taskQueue ?? temporalSettings().taskQueue,
      args: [input],
      signal: severityRaisedSignal,
      signalArgs: [raise],
      workflowIdReusePolicy: "ALLOW_DUPLICATE_FAILED_ONLY",
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

/** Returns false when no run exists for the incident or it has already closed. */
export async function signalAcknowledge(client: Client, incidentId: string, by: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(incidentWorkflowId(incidentId)).signal(acknowledgeSignal, { by });
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

export interface ResponseDescription {
  workflowId: string;
  /** Temporal execution status: RUNNING, COMPLETED, FAILED, TERMINATED, ... */
  status: string;
  /** Live state (running workflows, answered by a worker) or the final result. */
  snapshot?: ResponseSnapshot | ResponseResult;
}

/** null when no workflow exists for the incident. */
export async function describeResponse(client: Client, incidentId: string): Promise<ResponseDescription | null> {
  const workflowId = incidentWorkflowId(incidentId);
  const handle = client.workflow.getHandle<typeof incidentResponseWorkflow>(workflowId);
  let status: string;
  try {
    status = (await handle.describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
  let snapshot: ResponseDescription["snapshot"];
  try {
    if (status === "COMPLETED") snapshot = await handle.result();
    else if (status === "RUNNING") {
      snapshot = await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query(responseStateQuery));
    }
  } catch {
    snapshot = undefined; // no worker polling right now: the status alone is still useful
  }
  return { workflowId, status, ...(snapshot ? { snapshot } : {}) };
}
