// Headline numbers for a tenant's dashboard, read inside one RLS-scoped transaction.
import type { ServiceDeps, TenantContext } from "../context";

export interface DashboardSummary {
  events24h: number;
  openAlerts: number;
  openIncidents: number;
  acknowledgedIncidents: number;
  generatedAt: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function getSummary(deps: ServiceDeps, ctx: TenantContext, now: Date = new Date()): Promise<DashboardSummary> {
  const since = new Date(now.getTime() - DAY_MS);
  const { tenantId } = ctx;
  return deps.db.withTenant(tenantId, async (tx) => {
    // Sequential on purpose: one transaction is one connection, queries on it cannot overlap.
    const events24h = await tx.event.count({ where: { tenantId, ts: { gte: since, lte: now } } });
    const openAlerts = await tx.alert.count({ where: { tenantId, status: "OPEN" } });
    const openIncidents = await tx.incident.count({ where: { tenantId, status: "OPEN" } });
    const acknowledgedIncidents = await tx.incident.count({ where: { tenantId, status: "ACKNOWLEDGED" } });
    return { events24h, openAlerts, openIncidents, acknowledgedIncidents, generatedAt: now };
  });
}
