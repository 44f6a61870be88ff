// Incident grouping: an alert joins an open incident of its tenant that shares a user or a
// source ip with one of the incident's alerts seen within the last hour; otherwise it opens one.
import type { Alert, Incident, Tx } from "@vigil/db";
import { incidentGroupKey, readEntities, sharesActor } from "./entities";
import { maxSeverity } from "./severity";

export const GROUPING_WINDOW_MS = 60 * 60_000;
const CANDIDATE_LIMIT = 500;

async function findRelatedIncident(tx: Tx, tenantId: string, alert: Alert): Promise<string | undefined> {
  const since = new Date(alert.lastSeen.getTime() - GROUPING_WINDOW_MS);
  const candidates = await tx.alert.findMany({
    where: { tenantId, incidentId: { not: null }, lastSeen: { gte: since }, incident: { status: { not: "RESOLVED" } }, id: { not: alert.id } },
    select: { incidentId: true, entities: true },
    orderBy: { lastSeen: "desc" },
    take: CANDIDATE_LIMIT,
  });
  const mine = readEntities(alert.entities);
  return candidates.find((c) => sharesActor(mine, readEntities(c.entities)))?.incidentId ?? undefined;
}

/** Returns the incident the alert now belongs to, and whether it was just opened. */
export async function attachIncident(tx: Tx, tenantId: string, alert: Alert): Promise<{ incident: Incident; created: boolean }> {
  const relatedId = await findRelatedIncident(tx, tenantId, alert);
  const related = relatedId ? await tx.incident.findUnique({ where: { id: relatedId } }) : null;
  if (related) {
    const severity = maxSeverity(related.severity, alert.severity);
    const incident = severity === related.severity ? related : await tx.incident.update({ where: { id: related.id }, data: { severity } });
    await tx.alert.update({ where: { id: alert.id }, data: { incidentId: related.id } });
    return { incident, created: false };
  }
  const incident = await tx.incident.create({
    data: { tenantId, title: alert.ruleTitle, severity: alert.severity, groupKey: incidentGroupKey(readEntities(alert.entities), alert.groupKey) },
  });
  await tx.alert.update({ where: { id: alert.id }, data: { incidentId: incident.id } });
  return { incident, created: true };
}
