// The durable store writer: a micro-batch of events loaded with COPY, inside the tenant's
// transaction (role vigil_app, app.tenant_ids set: RLS stays on).
//
// Why a staging table: PostgreSQL refuses `COPY FROM` into a table with row-level security for a
// role it applies to ("COPY FROM not supported with row-level security"), so COPY can never
// target `events` directly as vigil_app. COPY fills a session temp table instead (no RLS, no
// WAL), and one `insert ... select ... on conflict do nothing returning id` moves the rows:
// RLS checks every row there, and a replayed batch (same stable ids) stores nothing twice.
// Dead letters carry ids derived from their batch, so a replay does not copy them either.
import { storableString } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";
import type pg from "pg";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import copyStreams from "pg-copy-streams";
import type { ServiceDeps } from "../context";
import { addToOutbox } from "./detection-outbox";
import type { DeadLetterInput } from "./sql";
import type { StoreResult } from "./store-events";

export interface CopyOptions {
  /**
   * Record the fresh events in the detection outbox, in the same transaction, as awaiting detection
   * by this process (its id): the caller settles the row (settleOutbox) once detection is done.
   */
  outboxOwner?: string;
}

export interface CopyBatch {
  events: readonly VigilEvent[];
  deadLetters: readonly DeadLetterInput[];
}

const COLUMNS = "ts, id, received_at, receiver, sourcetype, host, action, outcome, user_name, source_ip, doc, raw";

// ON COMMIT DELETE ROWS: the table lives as long as the pooled connection, emptied by each COMMIT
// (or ROLLBACK), so a batch costs no catalog churn; `if not exists` makes the first use create it.
const STAGE = `create temp table if not exists vigil_events_stage (
  ts timestamptz(3) not null, id text not null, received_at timestamptz(3) not null, receiver text not null,
  sourcetype text, host text, action text, outcome text, user_name text, source_ip text, doc jsonb not null, raw text not null
) on commit delete rows`;

// Answers one row: how many rows moved and, only when that is fewer than the batch's events (a replay,
// or an id twice in the batch), which. Returning every id as a row cost the writer ~11 us per event
// in the driver's row parsing, for the usual batch where every event is new.
const MOVE = `with moved as (
  insert into events (tenant_id, ${COLUMNS})
  select $1::uuid, ${COLUMNS} from vigil_events_stage
  on conflict do nothing
  returning id
)
select count(*)::int as n, case when count(*) = $2 then null else array_agg(id)::text[] end as ids from moved`;

const INSERT_DEAD_LETTERS = `
insert into dead_letters (id, tenant_id, receiver, reason, raw)
select coalesce(t.id, gen_random_uuid()), $1::uuid, t.receiver, t.reason, t.raw
from unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) as t(id, receiver, reason, raw)
on conflict (id) do nothing`;

const SPECIAL = /[\\\t\n\r\0]/;
const SPECIAL_ALL = /[\\\t\n\r\0]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "" };

/** COPY text format: backslash, tab, newline and carriage return escaped; NUL cannot be stored. */
export function copyField(value: string | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  // Most fields have nothing to escape: one scan, no copy.
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c] ?? "") : value;
}

function eventDoc(event: VigilEvent): string {
  const { raw: _raw, ...doc } = event;
  return JSON.stringify(doc);
}

export function copyRow(event: VigilEvent, now: string): string {
  return [
    event["@timestamp"], event.id, event.vigil.receivedAt ?? now, event.vigil.receiver, event.vigil.sourcetype,
    event.host?.name, event.event.action, event.event.outcome, event.user?.name, event.source?.ip, eventDoc(event), event.raw,
  ].map(copyField).join("\t") + "\n";
}

/** Rows per chunk handed to the COPY stream (keeps memory flat for large batches). */
const ROWS_PER_CHUNK = 500;

function* rowChunks(events: readonly VigilEvent[]): Generator<string> {
  const now = new Date().toISOString();
  for (let i = 0; i < events.length; i += ROWS_PER_CHUNK) {
    let chunk = "";
    for (const e of events.slice(i, i + ROWS_PER_CHUNK)) chunk += copyRow(e, now);
    yield chunk;
  }
}

/** COPYs the events into the staging table and moves them; returns the ids that were new ("all": every event, each id once). */
export async function copyEvents(client: pg.PoolClient, tenantId: string, events: readonly VigilEvent[]): Promise<Set<string> | "all"> {
  if (events.length === 0) return new Set();
  await client.query(STAGE);
  await pipeline(Readable.from(rowChunks(events)), client.query(copyStreams.from(`copy vigil_events_stage (${COLUMNS}) from stdin`)));
  // The staging table is emptied at COMMIT/ROLLBACK. A second call in the same transaction would
  // move the first call's rows again: they conflict, so they are not returned twice.
  const moved = await client.query<{ n: number; ids: string[] | null }>(MOVE, [tenantId, events.length]);
  const row = moved.rows[0];
  return row?.ids ? new Set(row.ids) : row?.n === events.length ? "all" : new Set();
}

async function insertDeadLetters(client: pg.PoolClient, tenantId: string, letters: readonly DeadLetterInput[]): Promise<number> {
  if (letters.length === 0) return 0;
  const result = await client.query(INSERT_DEAD_LETTERS, [
    tenantId,
    letters.map((l) => l.id ?? null),
    letters.map((l) => l.receiver),
    // PostgreSQL text refuses NUL (and lone surrogates): a dead letter must be storable whatever arrived.
    letters.map((l) => storableString(l.reason)),
    letters.map((l) => storableString(l.raw)),
  ]);
  return result.rowCount ?? 0;
}

/**
 * One micro-batch (events + dead letters) committed together, idempotently: events by their stable
 * ids, dead letters by theirs. Resolves after COMMIT with the events this call wrote (for detection).
 */
export async function copyIngestBatch(deps: ServiceDeps, tenantId: string, batch: CopyBatch, options: CopyOptions = {}): Promise<StoreResult> {
  if (batch.events.length === 0 && batch.deadLetters.length === 0) return { inserted: 0, fresh: [], duplicates: 0, deadLetters: 0 };
  return deps.db.withTenantClient(tenantId, async (client) => {
    const ids = await copyEvents(client, tenantId, batch.events);
    const deadLetters = await insertDeadLetters(client, tenantId, batch.deadLetters);
    const fresh = ids === "all" ? [...batch.events] : batch.events.filter((e) => ids.delete(e.id));
    const outboxId = options.outboxOwner && fresh.length > 0 ? await addToOutbox(client, tenantId, options.outboxOwner, fresh) : undefined;
    return { inserted: fresh.length, fresh, duplicates: batch.events.length - fresh.length, deadLetters, ...(outboxId ? { outboxId } : {}) };
  });
}
