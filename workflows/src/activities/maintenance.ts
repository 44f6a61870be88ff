// Activities of the maintenance workflow (partitions ahead, retention). The database work is
// injected by the worker (@vigil/services/retention over the maintenance connection), so this
// package stays free of database code. Bad input is a non-retryable failure: retrying cannot fix it.
import { ApplicationFailure, log } from "@temporalio/activity";

export interface PartitionsAheadSummary {
  created: number;
  /** Last UTC day (YYYY-MM-DD) that has a partition. */
  through: string;
}

export interface RetentionSummary {
  now: string;
  droppedPartitions: { partition: string; day: string; approxRows: number }[];
  deletedRows: Record<string, number>;
  /** Rejected records (dead letters) deleted per tenant. */
  deletedDeadLetters?: Record<string, number>;
  batches: number;
  incomplete: boolean;
  durationMs: number;
}

/** What the maintenance workflow calls; the clock travels as an ISO string (workflow time). */
export interface MaintenanceActivities {
  ensurePartitionsAhead(input: { now: string; daysAhead?: number }): Promise<PartitionsAheadSummary>;
  enforceRetention(input: { now: string }): Promise<RetentionSummary>;
}

export interface MaintenanceActivityDeps {
  ensurePartitionsAhead(input: { now: Date; daysAhead?: number }): Promise<PartitionsAheadSummary>;
  enforceRetention(input: { now: Date }): Promise<RetentionSummary>;
}

function clock(now: unknown): Date {
  const date = typeof now === "string" ? new Date(now) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw ApplicationFailure.nonRetryable(`now must be an ISO date string, got ${JSON.stringify(now)}`, "BadInput");
  return date;
}

export function createMaintenanceActivities(deps: MaintenanceActivityDeps): MaintenanceActivities {
  return {
    async ensurePartitionsAhead(input) {
      const daysAhead = input.daysAhead;
      if (daysAhead !== undefined && (!Number.isInteger(daysAhead) || daysAhead < 0 || daysAhead > 60)) {
        throw ApplicationFailure.nonRetryable(`daysAhead must be an integer from 0 to 60, got ${daysAhead}`, "BadInput");
      }
      const result = await deps.ensurePartitionsAhead({ now: clock(input.now), daysAhead });
      log.info("event partitions ensured", { created: result.created, through: result.through });
      return result;
    },
    async enforceRetention(input) {
      const report = await deps.enforceRetention({ now: clock(input.now) });
      log.info("retention enforced", {
        droppedPartitions: report.droppedPartitions.length,
        deletedRows: Object.values(report.deletedRows).reduce((a, b) => a + b, 0),
        incomplete: report.incomplete,
      });
      return report;
    },
  };
}
