// Alert dedup: the same rule and group key within 15 minutes updates the open alert
// (count, lastSeen, eventIds, entities) instead of creating a new one. The open alerts a call
// may update are read in one query for all its matches (`findOpenAlerts`), not one per match.
import type { Alert, Tx } from "@vigil/db";
import type { DetectionMatch } from "@vigil/detection";
import { combineEntities, readEntities } from "./entities";

export const DEDUP_WINDOW_MS = 15 * 60_000;
export const MAX_ALERT_EVENT_IDS = 100;
const MAX_LAG_MS = 2_147_483_647; // int column: replays of month-old events saturate

/** Event time of the newest matched event -> the alert: the detection latency health reports. */
export function detectLagMs(now: Date, lastSeen: Date): number {
  return Math.min(MAX_LAG_MS, Math.max(0, now.getTime() - lastSeen.getTime()));
}

function mergeIds(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].slice(-MAX_ALERT_EVENT_IDS);
}

const keyOf = (ruleId: string, groupKey: string) => `${ruleId}\u0000${groupKey}`;

/**
 * The tenant's open (not closed) alerts of the matches' rules and group keys, seen within the dedup
 * window of the oldest match, kept up to date as the call creates and updates alerts.
 */
export class OpenAlerts {
  private readonly byKey = new Map<string, Alert[]>();

  constructor(alerts: readonly Alert[]) {
    for (const alert of alerts) this.put(alert);
  }

  /** The newest open alert of the match's rule and group seen within the dedup window of the match. */
  find(match: DetectionMatch): Alert | undefined {
    const since = Date.parse(match.lastSeen) - DEDUP_WINDOW_MS;
    let best: Alert | undefined;
    for (const alert of this.byKey.get(keyOf(match.ruleId, match.groupKey)) ?? []) {
      if (alert.status === "CLOSED" || alert.lastSeen.getTime() < since) continue;
      if (!best || alert.lastSeen > best.lastSeen) best = alert;
    }
    return best;
  }

  /** Records a created or updated alert (replacing the older copy of the same id). */
  put(alert: Alert): void {
    const key = keyOf(alert.ruleId, alert.groupKey);
    const list = (this.byKey.get(key) ?? []).filter((a) => a.id !== alert.id);
    list.push(alert);
    this.byKey.set(key, list);
  }
}

export async function findOpenAlerts(tx: Tx, tenantId: string, matches: readonly DetectionMatch[]): Promise<OpenAlerts> {
  if (matches.length === 0) return new OpenAlerts([]);
  const oldest = matches.reduce((min, m) => Math.min(min, Date.parse(m.lastSeen)), Infinity);
  const pairs = new Set(matches.map((m) => keyOf(m.ruleId, m.groupKey)));
  // Rule ids x group keys may name pairs no match has: those are filtered out here.
  const found = await tx.alert.findMany({
    where: {
      tenantId, status: { not: "CLOSED" }, lastSeen: { gte: new Date(oldest - DEDUP_WINDOW_MS) },
      ruleId: { in: [...new Set(matches.map((m) => m.ruleId))] }, groupKey: { in: [...new Set(matches.map((m) => m.groupKey))] },
    },
  });
  return new OpenAlerts(found.filter((a) => pairs.has(keyOf(a.ruleId, a.groupKey))));
}

/** `times` > 1 when a batch's repeated detections were folded into `match`. */
export function updateAlert(tx: Tx, existing: Alert, match: DetectionMatch, times = 1): Promise<Alert> {
  const lastSeen = new Date(match.lastSeen);
  return tx.alert.update({
    where: { id: existing.id },
    data: {
      count: { increment: times },
      lastSeen: existing.lastSeen > lastSeen ? existing.lastSeen : lastSeen,
      eventIds: mergeIds(existing.eventIds, match.eventIds),
      entities: { ...combineEntities(readEntities(existing.entities), match.entities) },
    },
  });
}
