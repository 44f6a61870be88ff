// Shapes shared by the workflow (sandboxed, Node-free), its activities and the client helpers.
// Type-only: importing this module pulls no runtime code into the workflow bundle.

export type IncidentSeverity = "INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

export interface IncidentResponseInput {
  tenantId: string;
  incidentId: string;
  title: string;
  severity: IncidentSeverity;
  /** Give up waiting for an acknowledgement after this long (default 24 h). */
  expireAfterSeconds?: number;
}

export interface EscalationPolicy {
  primaryEmail: string;
  secondaryEmail: string;
  ackTimeoutSeconds: number;
}

/** States the workflow reports to the incident row, in the order they can happen. */
export type ResponseState =
  | "started"
  | "notified"
  | "escalated"
  | "acknowledged"
  | "completed"
  | "expired"
  | "no_policy";

export interface ResponseSnapshot {
  state: ResponseState;
  /** Addresses that were e-mailed, in order. */
  notified: string[];
  acknowledgedBy?: string;
  /** Set when a more severe alert joined the incident before anyone acknowledged it. */
  raisedTo?: IncidentSeverity;
}

export interface ResponseResult extends ResponseSnapshot {
  state: "completed" | "expired" | "no_policy";
  escalated: boolean;
}

export interface AcknowledgePayload {
  by: string;
}

/** A more severe alert joined the incident (sent by ingest; ignored once acknowledged or when not higher). */
export interface SeverityRaisedPayload {
  severity: IncidentSeverity;
  alertTitle: string;
}

export interface Notification {
  to: string;
  subject: string;
  text: string;
}

export interface RecordWorkflowStateInput {
  tenantId: string;
  incidentId: string;
  state: ResponseState;
  workflowId?: string;
  by?: string;
}

/** What the workflow calls; `createActivities` builds the real implementation. */
export interface ResponseActivities {
  loadEscalationPolicy(input: { tenantId: string }): Promise<EscalationPolicy | null>;
  sendNotification(message: Notification): Promise<{ messageId: string }>;
  recordWorkflowState(input: RecordWorkflowStateInput): Promise<void>;
}
