// UEBA training in the worker: the training workflow's activities wired to
// @vigil/services/ueba/stream (TensorFlow.js, backend logged per run), and the schedule.
import { ApplicationFailure } from "@temporalio/activity";
import type { Db } from "@vigil/db";
import { isAppError } from "@vigil/services";
import { listUebaTenants, trainUebaModel } from "@vigil/services/ueba/stream";
import { createUebaActivities, ensureUebaTrainingSchedule, type TemporalClient, type UebaActivities } from "@vigil/workflows";

export function createUebaWorkerActivities(db: Db): UebaActivities {
  const deps = { db };
  return createUebaActivities({
    listTenants: () => listUebaTenants(deps),
    async train(input) {
      try {
        return await trainUebaModel(deps, input);
      } catch (error) {
        // Bad input (seed, epochs) cannot be fixed by a retry.
        if (isAppError(error) && error.code === "BAD_REQUEST") throw ApplicationFailure.nonRetryable(error.message, "BadInput");
        throw error;
      }
    },
  });
}

/** At worker start: the nightly training schedule (created, or updated to these options). */
export async function startUebaTraining(options: { client: TemporalClient; taskQueue: string; scheduleId?: string }): Promise<{ scheduleCreated: boolean }> {
  const schedule = await ensureUebaTrainingSchedule(options.client, { taskQueue: options.taskQueue, scheduleId: options.scheduleId });
  return { scheduleCreated: schedule.created };
}
