// Scheduled UEBA training: every tenant with behaviour data gets a new model version from its
// stored feature windows. Tenants train one after another (training takes the CPU); one tenant's
// failure is reported and does not stop the others.
import { ApplicationFailure, proxyActivities } from "@temporalio/workflow";
import type { UebaActivities, UebaTrainSummary } from "../activities/ueba";

export interface UebaTrainingInput {
  /** Default: every tenant with UEBA activity. */
  tenantIds?: string[];
  seed?: number;
  epochs?: number;
}

export interface UebaTrainingResult {
  trained: UebaTrainSummary[];
  failed: { tenantId: string; error: string }[];
}

const { listUebaTenants } = proxyActivities<UebaActivities>({
  startToCloseTimeout: "1 minute",
  retry: { initialInterval: "5 seconds", backoffCoefficient: 2, maximumAttempts: 5 },
});

// 1,000 users x 90 days trains in well under a minute here; the timeout leaves room for a busy worker.
const { trainUebaTenant } = proxyActivities<UebaActivities>({
  startToCloseTimeout: "20 minutes",
  retry: { initialInterval: "30 seconds", backoffCoefficient: 2, maximumAttempts: 3, nonRetryableErrorTypes: ["BadInput", "AppError"] },
});

export async function uebaTrainingWorkflow(input: UebaTrainingInput = {}): Promise<UebaTrainingResult> {
  if (input.tenantIds !== undefined && !Array.isArray(input.tenantIds)) throw ApplicationFailure.nonRetryable("tenantIds must be a list", "BadInput");
  const tenants = input.tenantIds ?? (await listUebaTenants());
  const result: UebaTrainingResult = { trained: [], failed: [] };
  for (const tenantId of tenants) {
    try {
      result.trained.push(await trainUebaTenant({ tenantId, seed: input.seed, epochs: input.epochs }));
    } catch (error) {
      result.failed.push({ tenantId, error: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) });
    }
  }
  return result;
}
