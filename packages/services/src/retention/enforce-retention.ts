// Retention: drop the daily partitions every tenant has outgrown, then delete, in short batches,
// the expired rows of tenants with a shorter retention from the partitions that stay (and from
// DEFAULT), then the tenants' expired rejected records (dead letters: raw data too). The clock is a parameter so tests (and a replayed workflow) decide what "now" is.
// Every run leaves one audit row (`retention.run`) with what it dropped and deleted, even when
// nothing expired; the partition drop also audits itself inside its own transaction.
import type { MaintenanceDeps } from "./maintenance-db";

export interface EnforceRetentionInput {
  now: Date;
  /** Rows per tenant per DELETE statement (default 5000). */
  batchSize?: number;
  /** Safety stop: at most this many batches in one run; the next run continues (default 10000). */
  maxBatches?: number;
}

export interface DroppedPartition {
  partition: string;
  day: string;
  approxRows: number;
}

export interface RetentionReport {
  now: string;
  droppedPartitions: DroppedPartition[];
  /** Rows deleted per tenant id (tenants with none are absent). */
  deletedRows: Record<string, number>;
  /** Dead letters deleted per tenant id (tenants with none are absent). */
  deletedDeadLetters: Record<string, number>;
  batches: number;
  /** true when maxBatches stopped the run before every expired row was gone. */
  incomplete: boolean;
  durationMs: number;
}

const MAX_BATCH_SIZE = 100_000;

function check(input: EnforceRetentionInput): { now: Date; batchSize: number; maxBatches: number } {
  const { now, batchSize = 5000, maxBatches = 10_000 } = input;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError("now must be a valid date");
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new RangeError(`batchSize must be an integer from 1 to ${MAX_BATCH_SIZE}, got ${batchSize}`);
  }
  if (!Number.isInteger(maxBatches) || maxBatches < 1) throw new RangeError(`maxBatches must be a positive integer, got ${maxBatches}`);
  return { now, batchSize, maxBatches };
}

export async function enforceRetention(deps: MaintenanceDeps, input: EnforceRetentionInput): Promise<RetentionReport> {
  const { now, batchSize, maxBatches } = check(input);
  const pool = deps.maintenanceDb.pool;
  const started = performance.now();
  const at = now.toISOString();

  const dropped = await pool.query<{ partition_name: string; day: Date | string; approx_rows: string }>(
    "select partition_name, day::text as day, approx_rows from vigil_drop_expired_event_partitions($1::timestamptz)",
    [at],
  );
  const droppedPartitions = dropped.rows.map((r) => ({ partition: r.partition_name, day: String(r.day), approxRows: Number(r.approx_rows) }));

  // Each call is its own autocommitted transaction: short locks, WAL spread out.
  let batches = 0;
  let incomplete = false;
  const deleteAll = async (fn: "vigil_delete_expired_events" | "vigil_delete_expired_dead_letters") => {
    const deleted: Record<string, number> = {};
    for (;;) {
      if (batches >= maxBatches) {
        incomplete = true;
        break;
      }
      const { rows } = await pool.query<{ tenant_id: string; deleted: string }>(`select tenant_id, deleted from ${fn}($1::timestamptz, $2::int)`, [at, batchSize]);
      batches++;
      for (const r of rows) deleted[r.tenant_id] = (deleted[r.tenant_id] ?? 0) + Number(r.deleted);
      // A tenant that filled its batch may have more; otherwise every tenant is done.
      if (!rows.some((r) => Number(r.deleted) >= batchSize)) break;
    }
    return deleted;
  };
  const deletedRows = await deleteAll("vigil_delete_expired_events");
  const deletedDeadLetters = await deleteAll("vigil_delete_expired_dead_letters");

  const report: RetentionReport = {
    now: at,
    droppedPartitions,
    deletedRows,
    deletedDeadLetters,
    batches,
    incomplete,
    durationMs: Math.round(performance.now() - started),
  };
  await pool.query("select vigil_audit_system('retention.run', null, null, $1::jsonb, null, 'events')", [JSON.stringify(report)]);
  return report;
}
