// Wires the response workflow's activities to the database services.
import { log } from "@temporalio/activity";
import type { Db } from "@vigil/db";
import { isAppError } from "@vigil/services";
import { getEscalationPolicy, recordWorkflowState } from "@vigil/services/incidents";
import { createActivities, type Mailer, type ResponseActivities } from "@vigil/workflows";

export function createWorkerActivities(db: Db, mailer: Mailer): ResponseActivities {
  const deps = { db };
  return createActivities({
    loadEscalationPolicy: (tenantId) => getEscalationPolicy(deps, { tenantId }),
    async recordWorkflowState(input) {
      try {
        await recordWorkflowState(deps, input);
      } catch (error) {
        // A deleted incident must not fail the response (retrying cannot bring it back).
        if (isAppError(error) && error.code === "NOT_FOUND") {
          log.warn("incident gone, workflow state not recorded", { incidentId: input.incidentId, state: input.state });
          return;
        }
        throw error;
      }
    },
    mailer,
  });
}
