// Alert dedup: the same rule and group key within 15 minutes updates the open alert
// (count, lastSeen, eventIds, entities) instead of creating a new one.
import type { Alert, Tx } from "@vigil/db";
import type { DetectionMatch } from "@vigil/detection";
import { combineEntities, readEntities } from "./entities";

export const DEDUP_WINDOW_MS = 15 * 60_000;
export const MAX_ALERT_EVENT_IDS = 100;
const MAX_LAG_MS = 2_147_483_647; // int column: replays of month-old events saturate

function mergeIds(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].slice(-MAX_ALERT_EVENT_IDS);
}

/** `times` > 1 when a batch's repeated detections were folded into `match`. */
export async function upsertAlert(tx: Tx, tenantId: string, match: DetectionMatch, times = 1, now: Date = new Date()): Promise<{ alert: Alert; created: boolean }> {
  const lastSeen = new Date(match.lastSeen);
  const existing = await tx.alert.findFirst({
    where: {
      tenantId, ruleId: match.ruleId, groupKey: match.groupKey, status: { not: "CLOSED" },
      lastSeen: { gte: new Date(lastSeen.getTime() - DEDUP_WINDOW_MS) },
    },
    orderBy: { lastSeen: "desc" },
  });
  if (existing) {
    const alert = await tx.alert.update({
      where: { id: existing.id },
      data: {
        count: { increment: times },
        lastSeen: existing.lastSeen > lastSeen ? existing.lastSeen : lastSeen,
        eventIds: mergeIds(existing.eventIds, match.eventIds),
        entities: { ...combineEntities(readEntities(existing.entities), match.entities) },
      },
    });
    return { alert, created: false };
  }
  const alert = await tx.alert.create({
    data: {
      tenantId, ruleId: match.ruleId, ruleTitle: match.ruleTitle, severity: match.severity,
      tactics: match.tactics, techniques: match.techniques, entities: { ...match.entities },
      eventIds: match.eventIds.slice(-MAX_ALERT_EVENT_IDS), groupKey: match.groupKey,
      firstSeen: new Date(match.firstSeen), lastSeen, count: times,
      // Event time of the newest matched event -> this alert: the detection latency health reports.
      detectLagMs: Math.min(MAX_LAG_MS, Math.max(0, now.getTime() - lastSeen.getTime())),
    },
  });
  return { alert, created: true };
}
