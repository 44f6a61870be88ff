// Event ids hash tenant + raw text, so a replayed request stores nothing twice. Identical lines
// inside one request are still distinct events (six identical failed logins are six attempts):
// the n-th repeat within a batch gets an id derived from the first one and n, which a replay of
// the same request derives again.
import { createHash } from "node:crypto";
import { joinAuditRecords, RecentAuditRecords } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";

export function distinguishRepeats(events: readonly VigilEvent[]): VigilEvent[] {
  const seen = new Map<string, number>();
  return events.map((event) => {
    const key = `${event.id}\u0000${event["@timestamp"]}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n === 0) return event;
    return { ...event, id: createHash("sha256").update(`${event.id}#${n}`).digest("hex") };
  });
}

/** This process's (or thread's) memory of the last audit events' SYSCALL and CWD records, per tenant. */
const recentAudit = new RecentAuditRecords();

/**
 * A tenant's batch of parsed events, ready for the event log: the records of one audit event
 * joined, also to the tenant's records of the previous batches (an EXECVE record becomes a process
 * start, formats/linux/audit-events.ts), repeats told apart.
 */
export function finishBatch(tenantId: string, events: readonly VigilEvent[]): VigilEvent[] {
  return distinguishRepeats(joinAuditRecords(events, { tenantId, recent: recentAudit }));
}
