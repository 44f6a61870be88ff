// Batched inserts for the event hot path: one statement per batch, arrays in, `unnest` out.
// Events are idempotent by (tenant_id, ts, id): a replayed batch inserts nothing.
import type { VigilEvent } from "@vigil/schema";
import type pg from "pg";

export interface DeadLetterInput {
  /** Stable id (uuid) derived from the batch, so a replayed batch does not store it twice. */
  id?: string | undefined;
  receiver: string;
  reason: string;
  raw: string;
}

const INSERT_EVENTS = `
insert into events (tenant_id, ts, id, received_at, receiver, sourcetype, host, action, outcome, user_name, source_ip, doc, raw)
select $1::uuid, t.ts, t.id, t.received_at, t.receiver, t.sourcetype, t.host, t.action, t.outcome, t.user_name, t.source_ip, t.doc::jsonb, t.raw
from unnest($2::timestamptz[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
  as t(ts, id, received_at, receiver, sourcetype, host, action, outcome, user_name, source_ip, doc, raw)
on conflict do nothing
returning id`;

const INSERT_DEAD_LETTERS = `
insert into dead_letters (tenant_id, receiver, reason, raw)
select $1::uuid, t.receiver, t.reason, t.raw from unnest($2::text[], $3::text[], $4::text[]) as t(receiver, reason, raw)`;

function eventDoc(event: VigilEvent): string {
  const { raw: _raw, ...doc } = event;
  return JSON.stringify(doc);
}

/** Rows per statement: large bodies become several statements in the caller's transaction. */
export const INSERT_CHUNK = 5000;

/** Inserts the events; returns the ids that were new (the rest were already stored). */
export async function insertEvents(client: pg.PoolClient, tenantId: string, events: readonly VigilEvent[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    for (const id of await insertChunk(client, tenantId, events.slice(i, i + INSERT_CHUNK))) ids.add(id);
  }
  return ids;
}

async function insertChunk(client: pg.PoolClient, tenantId: string, events: readonly VigilEvent[]): Promise<string[]> {
  const col = <T>(f: (e: VigilEvent) => T) => events.map(f);
  const result = await client.query<{ id: string }>(INSERT_EVENTS, [
    tenantId,
    col((e) => e["@timestamp"]),
    col((e) => e.id),
    col((e) => e.vigil.receivedAt ?? new Date().toISOString()),
    col((e) => e.vigil.receiver),
    col((e) => e.vigil.sourcetype ?? null),
    col((e) => e.host?.name ?? null),
    col((e) => e.event.action ?? null),
    col((e) => e.event.outcome ?? null),
    col((e) => e.user?.name ?? null),
    col((e) => e.source?.ip ?? null),
    col(eventDoc),
    col((e) => e.raw),
  ]);
  return result.rows.map((r) => r.id);
}

export async function insertDeadLetters(client: pg.PoolClient, tenantId: string, letters: readonly DeadLetterInput[]): Promise<number> {
  if (letters.length === 0) return 0;
  const result = await client.query(INSERT_DEAD_LETTERS, [
    tenantId,
    letters.map((l) => l.receiver),
    letters.map((l) => l.reason),
    letters.map((l) => l.raw),
  ]);
  return result.rowCount ?? 0;
}
