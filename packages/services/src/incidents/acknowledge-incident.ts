// Portal "Acknowledge": mark the incident, audit it, then tell the response workflow to stop escalating.
import { isUuid } from "@vigil/db";
import { signalAcknowledge, type TemporalClient } from "@vigil/workflows";
import { writeAudit } from "../audit";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { assertIncidentId, incidentNotFound, incidentSelect, toIncidentView, type IncidentView } from "./incident-view";

export interface AcknowledgeDeps extends ServiceDeps {
  temporal: TemporalClient;
}

export interface AcknowledgeResult {
  incident: IncidentView;
  /** false when it was already acknowledged (nothing changed, no new audit row). */
  changed: boolean;
  /** Whether a running response workflow received the signal. */
  signalled: boolean;
  /** Why signalling failed (Temporal unreachable); the acknowledgement itself is stored. */
  signalError?: string;
}

export async function acknowledgeIncident(deps: AcknowledgeDeps, ctx: TenantContext, input: { incidentId: string }): Promise<AcknowledgeResult> {
  const { incidentId } = input;
  assertIncidentId(incidentId);
  const by = ctx.email?.toLowerCase() ?? ctx.userId ?? "unknown";

  const { incident, changed } = await deps.db.withTenant(ctx.tenantId, async (tx) => {
    const current = await tx.incident.findUnique({ where: { id: incidentId }, select: incidentSelect });
    if (!current) throw incidentNotFound(incidentId);
    if (current.status === "RESOLVED") throw new AppError("CONFLICT", "a resolved incident cannot be acknowledged", { incidentId });
    const { count } = await tx.incident.updateMany({
      where: { id: incidentId, status: "OPEN" },
      data: { status: "ACKNOWLEDGED", acknowledgedBy: by, acknowledgedAt: new Date() },
    });
    if (count === 1) {
      // The incident's open alerts are being looked at too (closed ones keep their verdict).
      await tx.alert.updateMany({ where: { incidentId, status: "OPEN" }, data: { status: "ACKNOWLEDGED" } });
      await writeAudit(tx, {
        tenantId: ctx.tenantId,
        actorUserId: isUuid(ctx.userId) ? ctx.userId : null,
        actorEmail: ctx.email ?? null,
        action: "incident.acknowledge",
        target: `incident:${incidentId}`,
        details: { title: current.title, severity: current.severity, workflowState: current.workflowState },
      });
    }
    const row = await tx.incident.findUniqueOrThrow({ where: { id: incidentId }, select: incidentSelect });
    return { incident: toIncidentView(row), changed: count === 1 };
  });

  // After commit: a signal cannot be rolled back, and an unreachable Temporal must not undo the acknowledgement.
  try {
    const signalled = await signalAcknowledge(deps.temporal, incidentId, by);
    return { incident, changed, signalled };
  } catch (error) {
    return { incident, changed, signalled: false, signalError: error instanceof Error ? error.message : String(error) };
  }
}
