// Re-processing rejected records: Vigil's parsers improve with each release (a format added, a
// shape understood), so records rejected yesterday may parse today. A page of the tenant's dead
// letters is parsed again with the current parsers, oldest first. The ones that parse are stored as
// events and removed from the dead letters in one transaction, with a detection outbox row: an
// ingest process's detection recovery (DetectionRecovery) runs the tenant's rules and behaviour
// analytics on them within VIGIL_DETECTION_ORPHAN_MS + VIGIL_DETECTION_SWEEP_MS. Event ids hash
// tenant and text as at ingest, so a record stored since (resent) is not stored twice.
//
// Only records a parser rejected are re-parsed: lines (syslog, HEC raw, tRPC lines) and `_bulk`
// documents, up to MAX_REPROCESS_RECORD_BYTES. HEC, NDJSON and OTLP items were rejected for their
// JSON or envelope, which no parser update changes; they stay.
import { distinguishRepeats, joinAuditRecords, parseAny } from "@vigil/parsers";
import type { Receiver, VigilEvent } from "@vigil/schema";
import type { ServiceDeps, TenantContext } from "../context";
import { writeClientAudit } from "../audit/writeClientAudit";
import { AppError } from "../errors";
import { requireRole } from "../tenancy/roles";
import { copyEvents } from "./copy-writer";
import { addToOutbox } from "./detection-outbox";

export const REPROCESSABLE_RECEIVERS: readonly Receiver[] = ["syslog", "hec-raw", "trpc", "file", "bulk"];
export const MAX_REPROCESS_PAGE = 1000;
/**
 * Longer records are not re-parsed: no log line that long fails for want of a parser (they were cut
 * or are not logs), and it bounds a page's memory (1,000 x 64 KiB).
 */
export const MAX_REPROCESS_RECORD_BYTES = 64 * 1024;
/** Owner of the outbox rows of re-processed records: no ingest process, so the first sweep past the orphan delay takes them. */
export const REPROCESS_OUTBOX_OWNER = "reprocess";

export interface ReprocessCursor {
  receivedAt: Date;
  id: string;
}

export interface ReprocessResult {
  /** Dead letters parsed again in this page. */
  examined: number;
  /** Stored as events (and removed from the dead letters). */
  stored: number;
  /** Parsed, but already stored (sent again since): removed from the dead letters. */
  alreadyStored: number;
  /** Still rejected by the current parsers: kept, with their reason. */
  stillRejected: number;
  /** Where the next page starts, or null when this was the last. */
  next: ReprocessCursor | null;
  /** Re-processable dead letters after this page. */
  remaining: number;
}

interface Row {
  id: string;
  receiver: Receiver;
  raw: string;
  received_at: Date;
}

const REPROCESSABLE = `tenant_id = $1::uuid and receiver = any($2::text[]) and octet_length(raw) <= ${MAX_REPROCESS_RECORD_BYTES}
  and ($3::timestamptz is null or (received_at, id) > ($3::timestamptz, $4::uuid))`;

const SELECT_PAGE = `
select id::text, receiver, raw, received_at from dead_letters
where ${REPROCESSABLE}
order by received_at, id limit $5
for update skip locked`;

const COUNT_AFTER = `select count(*)::int as n from dead_letters where ${REPROCESSABLE}`;

/** Parses one dead letter again as its receiver would have: the record's text, its receive time. */
function reparse(row: Row, tenantId: string): VigilEvent | undefined {
  try {
    const parsed = parseAny(row.raw, { tenantId, receivedAt: row.received_at, receiver: row.receiver, format: "auto" });
    return parsed.ok ? parsed.event : undefined;
  } catch {
    return undefined; // a parser bug keeps the record where it is
  }
}

/** One page of the tenant's re-processable dead letters, parsed again; the ones that parse become events. */
export async function reprocessDeadLetters(
  deps: ServiceDeps,
  ctx: TenantContext,
  input: { after?: ReprocessCursor | null; limit?: number } = {},
): Promise<ReprocessResult> {
  requireRole(ctx.role, "ANALYST");
  const limit = input.limit ?? MAX_REPROCESS_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REPROCESS_PAGE) {
    throw new AppError("BAD_REQUEST", `limit must be an integer from 1 to ${MAX_REPROCESS_PAGE}`, { fields: { limit: "out of range" } });
  }
  const tenantId = ctx.tenantId;
  const after = input.after ?? null;
  return deps.db.withTenantClient(tenantId, async (client) => {
    const { rows } = await client.query<Row>(SELECT_PAGE, [tenantId, REPROCESSABLE_RECEIVERS, after?.receivedAt ?? null, after?.id ?? null, limit]);
    const parsedIds: string[] = [];
    const events: VigilEvent[] = [];
    for (const row of rows) {
      const event = reparse(row, tenantId);
      if (!event) continue;
      parsedIds.push(row.id);
      events.push(event);
    }
    // As a receiver's batch: an audit event's records joined, identical records told apart.
    const batch = distinguishRepeats(joinAuditRecords(events));
    const fresh = await copyEvents(client, tenantId, batch);
    const stored = fresh === "all" ? batch : batch.filter((e) => fresh.has(e.id));
    if (stored.length > 0) await addToOutbox(client, tenantId, REPROCESS_OUTBOX_OWNER, stored);
    if (parsedIds.length > 0) await client.query("delete from dead_letters where id = any($1::uuid[])", [parsedIds]);
    const last = rows[rows.length - 1];
    const next = rows.length === limit && last ? { receivedAt: last.received_at, id: last.id } : null;
    const remaining = next ? ((await client.query<{ n: number }>(COUNT_AFTER, [tenantId, REPROCESSABLE_RECEIVERS, next.receivedAt, next.id])).rows[0]?.n ?? 0) : 0;
    const counts = { examined: rows.length, stored: stored.length, alreadyStored: batch.length - stored.length, stillRejected: rows.length - parsedIds.length };
    if (rows.length > 0) await writeClientAudit(client, ctx, { action: "dead_letters.reprocess", details: counts });
    return { ...counts, next, remaining };
  });
}
