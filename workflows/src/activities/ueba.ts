// Activities of the UEBA training workflow, and its schedule. The training itself (TensorFlow.js,
// the feature-window store) is injected by the worker (@vigil/services/ueba/stream), so this
// package stays free of database and ML code. Bad input is a non-retryable failure.
import { ApplicationFailure, log } from "@temporalio/activity";
import type { Client } from "@temporalio/client";
import { upsertSchedule } from "../schedules";

export interface UebaTrainInput {
  tenantId: string;
  seed?: number;
  epochs?: number;
}

export interface UebaTrainSummary {
  tenantId: string;
  version: number;
  /** TensorFlow.js backend the model was trained on (tensorflow, wasm or cpu). */
  backend: string;
  series: { series: string; rows: number; priorRows: number; threshold: number; seconds: number }[];
}

/** What the training workflow calls. */
export interface UebaActivities {
  listUebaTenants(): Promise<string[]>;
  trainUebaTenant(input: UebaTrainInput): Promise<UebaTrainSummary>;
}

export interface UebaActivityDeps {
  listTenants(): Promise<string[]>;
  train(input: UebaTrainInput & { log: (msg: string) => void }): Promise<UebaTrainSummary>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createUebaActivities(deps: UebaActivityDeps): UebaActivities {
  return {
    async listUebaTenants() {
      return deps.listTenants();
    },
    async trainUebaTenant(input) {
      if (typeof input?.tenantId !== "string" || !UUID.test(input.tenantId)) {
        throw ApplicationFailure.nonRetryable(`tenantId must be a UUID, got ${JSON.stringify(input?.tenantId)}`, "BadInput");
      }
      const summary = await deps.train({ ...input, log: (msg) => log.info(msg, { tenantId: input.tenantId }) });
      log.info("ueba model trained", { tenantId: summary.tenantId, version: summary.version, backend: summary.backend });
      return summary;
    },
  };
}

export const UEBA_TRAINING_SCHEDULE_ID = "vigil-ueba-training";

export interface UebaScheduleOptions {
  taskQueue: string;
  scheduleId?: string;
  /** Training interval in hours (default 24: nightly, from the day's closed windows). */
  everyHours?: number;
  /** Offset within the interval in minutes (default 47, off the maintenance run at 03:17). */
  offsetMinutes?: number;
}

/** Creates the training schedule, or updates an existing one to these options. */
export async function ensureUebaTrainingSchedule(client: Client, options: UebaScheduleOptions): Promise<{ scheduleId: string; created: boolean }> {
  const scheduleId = options.scheduleId ?? UEBA_TRAINING_SCHEDULE_ID;
  const everyHours = options.everyHours ?? 24;
  const offsetMinutes = options.offsetMinutes ?? 4 * 60 + 47;
  if (!Number.isInteger(everyHours) || everyHours < 1 || everyHours > 24 * 7) throw new RangeError(`everyHours must be an integer from 1 to 168, got ${everyHours}`);
  if (!Number.isInteger(offsetMinutes) || offsetMinutes < 0 || offsetMinutes >= everyHours * 60) {
    throw new RangeError(`offsetMinutes must be an integer from 0 to ${everyHours * 60 - 1}, got ${offsetMinutes}`);
  }
  const spec = { intervals: [{ every: `${everyHours}h`, offset: `${offsetMinutes}m` }] };
  return upsertSchedule(client, { scheduleId, spec, workflowType: "uebaTrainingWorkflow", taskQueue: options.taskQueue, args: [{}] });
}
