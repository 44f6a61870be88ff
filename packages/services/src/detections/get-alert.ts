// One alert with what it matched: its event ids, entities, and a summary of the stored events.
import type { ServiceDeps, TenantContext } from "../context";
import { alertNotFound, alertViewSelect, assertAlertId, toAlertView, type AlertView } from "./alert-view";

export interface AlertEventSummary {
  id: string;
  ts: Date;
  action: string | null;
  outcome: string | null;
  userName: string | null;
  sourceIp: string | null;
  host: string | null;
}

export interface AlertDetail extends AlertView {
  eventIds: string[];
  /** The matched events still stored (retention may have dropped some), oldest first, at most 50. */
  events: AlertEventSummary[];
}

const MAX_EVENTS = 50;
// Correlation windows can start well before firstSeen's event is re-read; a day either side is
// enough to find them while still pruning partitions.
const EVENT_SLACK_MS = 24 * 60 * 60_000;

/** NOT_FOUND also for another tenant's alert: RLS makes it invisible. */
export async function getAlert(deps: ServiceDeps, ctx: TenantContext, input: { alertId: string }): Promise<AlertDetail> {
  assertAlertId(input.alertId);
  return deps.db.withTenant(ctx.tenantId, async (tx) => {
    const row = await tx.alert.findUnique({ where: { id: input.alertId }, select: { ...alertViewSelect, eventIds: true } });
    if (!row) throw alertNotFound(input.alertId);
    const { eventIds, ...view } = row;
    const events = eventIds.length === 0 ? [] : await tx.event.findMany({
      where: {
        tenantId: ctx.tenantId, id: { in: eventIds.slice(-MAX_EVENTS) },
        ts: { gte: new Date(row.firstSeen.getTime() - EVENT_SLACK_MS), lte: new Date(row.lastSeen.getTime() + EVENT_SLACK_MS) },
      },
      select: { id: true, ts: true, action: true, outcome: true, userName: true, sourceIp: true, host: true },
      orderBy: { ts: "asc" },
      take: MAX_EVENTS,
    });
    return { ...toAlertView(view), eventIds, events };
  });
}
