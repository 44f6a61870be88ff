// The detection outbox: each committed batch of fresh events gets a row in the same transaction
// (copyIngestBatch with `outbox`), deleted once detection has processed the batch. Rows left by a
// process that died in between are "orphans": their events are read back and detected again.
import type { VigilEvent } from "@vigil/schema";
import type pg from "pg";
import type { ServiceDeps } from "../context";

export interface OutboxEntry {
  id: string;
  tenantId: string;
  /** The process that left it (or RELEASED). */
  owner: string;
  /** Detection runs started for the batch so far. */
  attempts: number;
  eventIds: string[];
}

/** Records a committed batch as awaiting detection (inside the batch's transaction). Returns the row id. */
export async function addToOutbox(client: pg.PoolClient, tenantId: string, owner: string, events: readonly VigilEvent[]): Promise<string> {
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    const t = Date.parse(e["@timestamp"]);
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const { rows } = await client.query<{ id: string }>(
    `insert into detection_outbox (tenant_id, owner, event_ids, first_ts, last_ts)
     values ($1, $2, $3, to_timestamp($4 / 1000.0), to_timestamp($5 / 1000.0)) returning id::text`,
    [tenantId, owner, events.map((e) => e.id), first, last],
  );
  return rows[0]!.id;
}

/** Owner of a batch whose detection failed: any process's next sweep may try it again. */
const RELEASED = "released";

const MAX_OUTBOX_ATTEMPTS = 3;

/**
 * Detection of a batch ended: done, its row is deleted; failed, the row is handed back for a later
 * attempt (a sweep, MAX_OUTBOX_ATTEMPTS in all).
 */
export async function settleOutbox(deps: ServiceDeps, tenantId: string, id: string, detected: boolean): Promise<void> {
  await deps.db.withTenantClient(tenantId, (client) =>
    detected
      ? client.query("delete from detection_outbox where id = $1::bigint", [id])
      : client.query("update detection_outbox set owner = $2, created_at = now() where id = $1::bigint", [id, RELEASED]),
  );
}

/**
 * Batches another process (not `owner`) left awaiting detection more than `olderThanMs` ago, per
 * tenant in commit order: the tenants are listed by a SECURITY DEFINER function (ids only), each
 * tenant's rows are read under its RLS.
 */
export async function orphanedBatches(deps: ServiceDeps, owner: string, olderThanMs: number, limitPerTenant = 100): Promise<OutboxEntry[]> {
  const tenants = await deps.db.pool.query<{ id: string }>("select t::text as id from vigil_detection_orphan_tenants($1, make_interval(secs => $2 / 1000.0)) t", [owner, olderThanMs]);
  const out: OutboxEntry[] = [];
  for (const { id: tenantId } of tenants.rows) {
    const { rows } = await deps.db.withTenantClient(tenantId, (client) =>
      client.query<{ id: string; owner: string; attempts: number; event_ids: string[] }>(
        `select id::text, owner, attempts, event_ids from detection_outbox
          where owner <> $1 and created_at < now() - make_interval(secs => $2 / 1000.0) order by id limit $3`,
        [owner, olderThanMs, limitPerTenant],
      ),
    );
    for (const r of rows) out.push({ id: r.id, tenantId, owner: r.owner, attempts: r.attempts, eventIds: r.event_ids });
  }
  return out;
}

/**
 * Takes an orphaned batch over (one process wins when several sweep at once): "taken" when another
 * process took it first; "exhausted" when it already had MAX_OUTBOX_ATTEMPTS attempts (it is then
 * deleted, and the caller logs that its detection is given up).
 */
export async function claimOutbox(deps: ServiceDeps, entry: OutboxEntry, owner: string): Promise<"claimed" | "taken" | "exhausted"> {
  return deps.db.withTenantClient(entry.tenantId, async (client) => {
    if (entry.attempts >= MAX_OUTBOX_ATTEMPTS) {
      const { rowCount } = await client.query("delete from detection_outbox where id = $1::bigint and owner = $2", [entry.id, entry.owner]);
      return rowCount === 1 ? "exhausted" : "taken";
    }
    const { rowCount } = await client.query(
      "update detection_outbox set owner = $3, attempts = attempts + 1, created_at = now() where id = $1::bigint and owner = $2",
      [entry.id, entry.owner, owner],
    );
    return rowCount === 1 ? "claimed" : "taken";
  });
}

/** The stored events of an outbox batch, in event-time order (those since dropped by retention are gone). */
export async function outboxEvents(deps: ServiceDeps, entry: OutboxEntry): Promise<VigilEvent[]> {
  const { rows } = await deps.db.withTenantClient(entry.tenantId, (client) =>
    client.query<{ doc: Omit<VigilEvent, "raw">; raw: string }>(
      `select e.doc, e.raw from events e join detection_outbox o on o.id = $1::bigint
        where e.tenant_id = o.tenant_id and e.ts between o.first_ts and o.last_ts and e.id = any(o.event_ids)
        order by e.ts, e.id`,
      [entry.id],
    ),
  );
  return rows.map((r) => ({ ...r.doc, raw: r.raw }));
}
