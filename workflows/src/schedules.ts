// The daily maintenance schedule, created (or brought up to date) by the worker at start-up.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptionsAction } from "@temporalio/client";
import type { MaintenanceInput } from "./workflows/maintenance";

export const MAINTENANCE_SCHEDULE_ID = "vigil-maintenance";

export interface MaintenanceScheduleOptions {
  taskQueue: string;
  scheduleId?: string;
  /** UTC time of the daily run (default 03:17, off the hour to avoid everybody's cron). */
  hour?: number;
  minute?: number;
}

/** Creates the schedule, or updates an existing one to these options. Returns whether it was created. */
export async function ensureMaintenanceSchedule(client: Client, options: MaintenanceScheduleOptions): Promise<{ scheduleId: string; created: boolean }> {
  const scheduleId = options.scheduleId ?? MAINTENANCE_SCHEDULE_ID;
  const hour = options.hour ?? 3;
  const minute = options.minute ?? 17;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new RangeError(`maintenance schedule time must be a valid UTC hour:minute, got ${hour}:${minute}`);
  }
  const spec = { calendars: [{ hour, minute, comment: "daily event-store maintenance (UTC)" }] };
  const action: ScheduleOptionsAction = {
    type: "startWorkflow",
    workflowType: "maintenanceWorkflow",
    workflowId: `${scheduleId}-run`,
    taskQueue: options.taskQueue,
    args: [{} satisfies MaintenanceInput],
  };
  // A run still going at the next tick (a big backlog) is left to finish; the next one is skipped.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: "1 day" } as const;
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
    return { scheduleId, created: true };
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
    return { scheduleId, created: false };
  }
}
