// What callers see of an incident (no Prisma types leak past the service).
import type { IncidentStatus, Severity } from "@vigil/db";
import { isUuid } from "@vigil/db";
import { AppError } from "../errors";

/** Every value the incident row's workflow_state can hold, in the order they can happen. */
export const WORKFLOW_STATES = [
  "start_failed",
  "started",
  "notified",
  "escalated",
  "acknowledged",
  "completed",
  "expired",
  "no_policy",
  "failed",
] as const;
export type IncidentWorkflowState = (typeof WORKFLOW_STATES)[number];

export interface IncidentView {
  id: string;
  tenantId: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  workflowId: string | null;
  workflowState: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  alertCount: number;
}

export const incidentSelect = {
  id: true,
  tenantId: true,
  title: true,
  severity: true,
  status: true,
  workflowId: true,
  workflowState: true,
  acknowledgedBy: true,
  acknowledgedAt: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { alerts: true } },
} as const;

type SelectedIncident = Omit<IncidentView, "alertCount"> & { _count: { alerts: number } };

export function toIncidentView({ _count, ...row }: SelectedIncident): IncidentView {
  return { ...row, alertCount: _count.alerts };
}

export function assertIncidentId(incidentId: string): void {
  if (!isUuid(incidentId)) throw new AppError("BAD_REQUEST", "incidentId must be a UUID", { field: "incidentId" });
}

export function incidentNotFound(incidentId: string): AppError {
  return new AppError("NOT_FOUND", `incident ${incidentId} not found`, { incidentId });
}
