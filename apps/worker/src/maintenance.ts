// Event-store maintenance in the worker: the maintenance workflow's activities wired to
// @vigil/services/retention over the privileged maintenance connection, and the start-up step
// (partitions for the coming days now, the daily schedule for everything else).
import { ApplicationFailure } from "@temporalio/activity";
import type { Db } from "@vigil/db";
import { enforceRetention, ensurePartitionsAhead, MaintenanceConfigError } from "@vigil/services/retention";
import { createMaintenanceActivities, ensureMaintenanceSchedule, type MaintenanceActivities, type TemporalClient } from "@vigil/workflows";

/** Without a maintenance connection the activities fail (non-retryable) saying what is missing. */
export function createMaintenanceWorkerActivities(maintenanceDb: Db | undefined): MaintenanceActivities {
  const deps = () => {
    if (!maintenanceDb) throw ApplicationFailure.nonRetryable(new MaintenanceConfigError().message, "MaintenanceConfigError");
    return { maintenanceDb };
  };
  return createMaintenanceActivities({
    ensurePartitionsAhead: (input) => ensurePartitionsAhead(deps(), input),
    enforceRetention: (input) => enforceRetention(deps(), input),
  });
}

export interface StartMaintenanceOptions {
  client: TemporalClient;
  taskQueue: string;
  maintenanceDb: Db;
  /** Defaults to MAINTENANCE_SCHEDULE_ID (tests use their own). */
  scheduleId?: string;
  now?: Date;
}

/** At worker start: partitions ahead right away (ingest may write before 03:17), then the schedule. */
export async function startMaintenance(options: StartMaintenanceOptions): Promise<{ partitionsCreated: number; scheduleCreated: boolean }> {
  const partitions = await ensurePartitionsAhead({ maintenanceDb: options.maintenanceDb }, { now: options.now ?? new Date() });
  const schedule = await ensureMaintenanceSchedule(options.client, { taskQueue: options.taskQueue, scheduleId: options.scheduleId });
  return { partitionsCreated: partitions.created, scheduleCreated: schedule.created };
}
