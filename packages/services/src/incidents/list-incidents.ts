import type { IncidentStatus } from "@vigil/db";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { incidentSelect, toIncidentView, type IncidentView } from "./incident-view";

export const MAX_INCIDENT_PAGE = 200;

export interface ListIncidentsInput {
  limit?: number;
  status?: IncidentStatus;
}

/** Newest first, within the caller's tenant (RLS). */
export async function listIncidents(deps: ServiceDeps, ctx: TenantContext, input: ListIncidentsInput = {}): Promise<IncidentView[]> {
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_INCIDENT_PAGE) {
    throw new AppError("BAD_REQUEST", `limit must be an integer between 1 and ${MAX_INCIDENT_PAGE}`, { field: "limit" });
  }
  const rows = await deps.db.withTenant(ctx.tenantId, (tx) =>
    tx.incident.findMany({
      where: input.status ? { status: input.status } : {},
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: incidentSelect,
    }),
  );
  return rows.map(toIncidentView);
}
