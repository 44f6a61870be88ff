// Called by the response workflow's activity (and by ingest when it starts a workflow).
// States only move forward: a late "started" from ingest never overwrites "notified".
import type { ServiceDeps } from "../context";
import {
  WORKFLOW_STATES,
  assertIncidentId,
  incidentNotFound,
  incidentSelect,
  toIncidentView,
  type IncidentView,
  type IncidentWorkflowState,
} from "./incident-view";

const RANK: Record<IncidentWorkflowState, number> = {
  start_failed: 0,
  started: 1,
  notified: 2,
  escalated: 3,
  acknowledged: 4,
  completed: 5,
  expired: 5,
  no_policy: 5,
  failed: 5,
};

export interface RecordWorkflowStateInput {
  tenantId: string;
  incidentId: string;
  state: IncidentWorkflowState;
  workflowId?: string;
  /** Who acknowledged (state "acknowledged"): also marks an OPEN incident ACKNOWLEDGED. */
  by?: string;
}

export async function recordWorkflowState(deps: ServiceDeps, input: RecordWorkflowStateInput): Promise<IncidentView> {
  const { incidentId, state, workflowId, by } = input;
  assertIncidentId(incidentId);
  const later = WORKFLOW_STATES.filter((s) => RANK[s] > RANK[state]);

  return deps.db.withTenant(input.tenantId, async (tx) => {
    // One conditional UPDATE each: concurrent writers are serialized by the row lock and re-checked.
    const moved = await tx.incident.updateMany({
      where: { id: incidentId, OR: [{ workflowState: null }, { workflowState: { notIn: later } }] },
      data: { workflowState: state, ...(workflowId ? { workflowId } : {}) },
    });
    if (moved.count === 0 && workflowId) {
      await tx.incident.updateMany({ where: { id: incidentId, workflowId: null }, data: { workflowId } });
    }
    if (by !== undefined) {
      const acked = await tx.incident.updateMany({
        where: { id: incidentId, status: "OPEN" },
        data: { status: "ACKNOWLEDGED", acknowledgedBy: by, acknowledgedAt: new Date() },
      });
      if (acked.count === 1) await tx.alert.updateMany({ where: { incidentId, status: "OPEN" }, data: { status: "ACKNOWLEDGED" } });
    }
    const row = await tx.incident.findUnique({ where: { id: incidentId }, select: incidentSelect });
    if (!row) throw incidentNotFound(incidentId);
    return toIncidentView(row);
  });
}
