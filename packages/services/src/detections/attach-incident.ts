// Incident grouping: an alert joins an open incident of its tenant that shares a user or a
// source ip with one of the incident's alerts seen within the last hour; otherwise it opens one.
// Hosts and files do not group: they are shared too widely.
import type { Alert, Incident, Severity, Tx } from "@vigil/db";
import { incidentGroupKey, readEntities } from "./entities";
import { maxSeverity } from "./severity";

export const GROUPING_WINDOW_MS = 60 * 60_000;

/**
 * The incident of the newest alert (of the last hour, incident not resolved) that names one of the
 * alert's users or source ips: `vigil_related_incident` (migration 20261129000300), which reads
 * only the alerts sharing an entity through GIN indexes (under row-level security PostgreSQL
 * cannot use them) and checks the tenant against the transaction's own.
 */
async function findRelatedIncident(tx: Tx, tenantId: string, alert: Alert): Promise<string | undefined> {
  const mine = readEntities(alert.entities);
  if (mine.user.length === 0 && mine.ip.length === 0) return undefined;
  const since = new Date(alert.lastSeen.getTime() - GROUPING_WINDOW_MS);
  const rows = await tx.$queryRaw<{ incident_id: string | null }[]>`
    select vigil_related_incident(${tenantId}::uuid, ${since}, ${alert.id}::uuid, ${mine.user}::text[], ${mine.ip}::text[]) as incident_id`;
  return rows[0]?.incident_id ?? undefined;
}

/**
 * Returns the incident the alert now belongs to, whether it was just opened, and the severity it
 * had when the alert raised it (a more severe alert joining an existing incident).
 */
export async function attachIncident(tx: Tx, tenantId: string, alert: Alert): Promise<{ incident: Incident; created: boolean; raisedFrom?: Severity }> {
  const relatedId = await findRelatedIncident(tx, tenantId, alert);
  const related = relatedId ? await tx.incident.findUnique({ where: { id: relatedId } }) : null;
  if (related) {
    const severity = maxSeverity(related.severity, alert.severity);
    const incident = severity === related.severity ? related : await tx.incident.update({ where: { id: related.id }, data: { severity } });
    await tx.alert.update({ where: { id: alert.id }, data: { incidentId: related.id } });
    return { incident, created: false, ...(severity === related.severity ? {} : { raisedFrom: related.severity }) };
  }
  const incident = await tx.incident.create({
    data: { tenantId, title: alert.ruleTitle, severity: alert.severity, groupKey: incidentGroupKey(readEntities(alert.entities), alert.groupKey) },
  });
  await tx.alert.update({ where: { id: alert.id }, data: { incidentId: incident.id } });
  return { incident, created: true };
}
