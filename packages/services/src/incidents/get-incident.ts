import type { ServiceDeps, TenantContext } from "../context";
import { assertIncidentId, incidentNotFound, incidentSelect, toIncidentView, type IncidentView } from "./incident-view";

/** NOT_FOUND also for another tenant's incident: RLS makes it invisible. */
export async function getIncident(deps: ServiceDeps, ctx: TenantContext, input: { incidentId: string }): Promise<IncidentView> {
  assertIncidentId(input.incidentId);
  const row = await deps.db.withTenant(ctx.tenantId, (tx) =>
    tx.incident.findUnique({ where: { id: input.incidentId }, select: incidentSelect }),
  );
  if (!row) throw incidentNotFound(input.incidentId);
  return toIncidentView(row);
}
