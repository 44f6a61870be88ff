// The worker's schedules (maintenance here, UEBA training in activities/ueba.ts), created or
// brought up to date at start-up through one create-or-update helper.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptionsAction, type ScheduleSpec } from "@temporalio/client";
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
  return upsertSchedule(client, { scheduleId, spec, workflowType: "maintenanceWorkflow", taskQueue: options.taskQueue, args: [{} satisfies MaintenanceInput] });
}

/**
 * Creates a schedule starting `workflowType`, or updates an existing one to this spec and action.
 * A run still going at the next tick (a big backlog) is left to finish; that tick is skipped.
 */
export async function upsertSchedule(
  client: Client,
  options: { scheduleId: string; spec: ScheduleSpec; workflowType: string; taskQueue: string; args: unknown[] },
): Promise<{ scheduleId: string; created: boolean }> {
  const { scheduleId, spec } = options;
  const action: ScheduleOptionsAction = { type: "startWorkflow", workflowType: options.workflowType, workflowId: `${scheduleId}-run`, taskQueue: options.taskQueue, args: options.args };
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
