// Daily partitions of `events` (events_pYYYYMMDD, UTC). The DEFAULT partition accepts anything, so
// this is housekeeping for pruning and retention: call it at start-up and daily (ingest / worker).
import type { Db } from "./client";

/** Ensures partitions for `days` days starting `daysBack` days ago (defaults: from yesterday, 14 days). Returns how many were created. */
export async function ensureEventPartitions(db: Db, opts: { daysBack?: number; days?: number } = {}): Promise<number> {
  const from = new Date(Date.now() - (opts.daysBack ?? 1) * 86_400_000).toISOString().slice(0, 10);
  const { rows } = await db.pool.query<{ n: number }>("select vigil_ensure_event_partitions($1::date, $2::int) as n", [from, opts.days ?? 14]);
  return rows[0]?.n ?? 0;
}
