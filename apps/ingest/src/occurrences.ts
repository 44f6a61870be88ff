// A receiver's batch made ready for the event log (see finishBatch).
import { distinguishRepeats, joinAuditRecords, RecentAuditRecords } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";

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
