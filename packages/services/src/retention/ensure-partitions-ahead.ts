// Partitions for the coming days, created before their first event (run at worker start and daily).
import { ensureEventPartitions } from "@vigil/db";
import type { MaintenanceDeps } from "./maintenance-db";

/** Days ahead of today that always have a partition. */
export const PARTITION_DAYS_AHEAD = 7;

export interface PartitionsAheadResult {
  created: number;
  /** Last day (YYYY-MM-DD, UTC) that now has a partition. */
  through: string;
}

export async function ensurePartitionsAhead(deps: MaintenanceDeps, input: { now: Date; daysAhead?: number }): Promise<PartitionsAheadResult> {
  const daysAhead = input.daysAhead ?? PARTITION_DAYS_AHEAD;
  const created = await ensureEventPartitions(deps.maintenanceDb, { now: input.now, daysBack: 1, days: daysAhead + 2 });
  return { created, through: new Date(input.now.getTime() + daysAhead * 86_400_000).toISOString().slice(0, 10) };
}
