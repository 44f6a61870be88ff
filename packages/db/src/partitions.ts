// Daily partitions of `events` (events_pYYYYMMDD, UTC). The DEFAULT partition accepts anything, so
// this is housekeeping for pruning and retention: the worker calls it at start-up and daily, so
// the coming days always have their partition before their first event arrives.
import type { Db } from "./client";

const DAY_MS = 86_400_000;

/** Default number of days ahead of today given a partition (the worker passes its own). */
const PARTITION_DAYS_AHEAD = 7;

export interface EnsurePartitionsOptions {
  /** First day, counted back from `now` (default 1: yesterday, for late events). Negative = in the future. */
  daysBack?: number;
  /** Number of consecutive days (default: from `daysBack` days ago to PARTITION_DAYS_AHEAD days ahead). */
  days?: number;
  /** The clock (tests pass a fixed one). */
  now?: Date;
}

/** Ensures one partition per day for the requested range. Idempotent; returns how many were created. */
export async function ensureEventPartitions(db: Db, opts: EnsurePartitionsOptions = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const daysBack = opts.daysBack ?? 1;
  const days = opts.days ?? daysBack + PARTITION_DAYS_AHEAD + 1;
  if (Number.isNaN(now.getTime())) throw new RangeError("now must be a valid date");
  if (!Number.isInteger(daysBack) || !Number.isInteger(days) || days < 1 || days > 366) {
    throw new RangeError(`daysBack must be an integer and days an integer from 1 to 366 (got ${daysBack}, ${days})`);
  }
  const from = new Date(now.getTime() - daysBack * DAY_MS).toISOString().slice(0, 10);
  const { rows } = await db.pool.query<{ n: number }>("select vigil_ensure_event_partitions($1::date, $2::int) as n", [from, days]);
  return rows[0]?.n ?? 0;
}

