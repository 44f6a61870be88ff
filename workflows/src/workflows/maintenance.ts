// Daily maintenance of the event store: partitions for the coming days, then retention.
// Started by the `vigil-maintenance` schedule (see ../schedules.ts). "Now" is the workflow clock
// (deterministic on replay) unless the input fixes it, which tests and backfills do.
import { proxyActivities, workflowInfo } from "@temporalio/workflow";
import type { MaintenanceActivities, PartitionsAheadSummary, RetentionSummary } from "../activities/maintenance";

export interface MaintenanceInput {
  /** ISO instant to treat as now (default: the workflow's clock). */
  now?: string;
  daysAhead?: number;
}

export interface MaintenanceResult {
  partitions: PartitionsAheadSummary;
  retention: RetentionSummary;
}

const { ensurePartitionsAhead } = proxyActivities<MaintenanceActivities>({
  startToCloseTimeout: "2 minutes",
  retry: { initialInterval: "5 seconds", backoffCoefficient: 2, maximumInterval: "5 minutes", maximumAttempts: 10 },
});

// Retention is idempotent (a retry drops/deletes only what is still there) but can run long on a
// backlog: a generous timeout, few attempts.
const { enforceRetention } = proxyActivities<MaintenanceActivities>({
  startToCloseTimeout: "2 hours",
  retry: { initialInterval: "1 minute", backoffCoefficient: 2, maximumInterval: "30 minutes", maximumAttempts: 5 },
});

export async function maintenanceWorkflow(input: MaintenanceInput = {}): Promise<MaintenanceResult> {
  const now = input.now ?? new Date(workflowInfo().runStartTime.getTime()).toISOString();
  const partitions = await ensurePartitionsAhead({ now, daysAhead: input.daysAhead });
  const retention = await enforceRetention({ now });
  return { partitions, retention };
}
