// Incident response: notify the primary contact, escalate to the secondary when nobody
// acknowledges in time, finish when someone acknowledges (or after a day).
// Deterministic: every side effect is an activity; timers come from the workflow clock.
import { condition, defineQuery, defineSignal, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
import type {
  AcknowledgePayload,
  IncidentResponseInput,
  ResponseActivities,
  ResponseResult,
  ResponseSnapshot,
  ResponseState,
} from "../types";
import { escalationNotification, primaryNotification } from "./messages";

export const acknowledgeSignal = defineSignal<[AcknowledgePayload]>("acknowledge");
export const responseStateQuery = defineQuery<ResponseSnapshot>("responseState");

export const DEFAULT_EXPIRE_AFTER_SECONDS = 24 * 60 * 60;

const { loadEscalationPolicy, sendNotification, recordWorkflowState } = proxyActivities<ResponseActivities>({
  startToCloseTimeout: "30 seconds",
  retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute", maximumAttempts: 10 },
});

export async function incidentResponseWorkflow(input: IncidentResponseInput): Promise<ResponseResult> {
  const { tenantId, incidentId } = input;
  const { workflowId, startTime } = workflowInfo();
  const snapshot: ResponseSnapshot = { state: "started", notified: [] };
  let acknowledged = false;
  let escalated = false;

  setHandler(responseStateQuery, () => ({ ...snapshot, notified: [...snapshot.notified] }));
  setHandler(acknowledgeSignal, ({ by }) => {
    if (acknowledged) return;
    acknowledged = true;
    snapshot.acknowledgedBy = by;
  });

  const record = async (state: ResponseState, by?: string): Promise<void> => {
    snapshot.state = state;
    await recordWorkflowState({ tenantId, incidentId, state, workflowId, ...(by === undefined ? {} : { by }) });
  };
  const finish = (state: ResponseResult["state"]): ResponseResult => ({ ...snapshot, state, escalated });

  const policy = await loadEscalationPolicy({ tenantId });
  if (!policy) {
    await record("no_policy");
    return finish("no_policy");
  }
  const ackTimeoutMs = policy.ackTimeoutSeconds * 1000;
  const expiresAt = startTime.getTime() + (input.expireAfterSeconds ?? DEFAULT_EXPIRE_AFTER_SECONDS) * 1000;

  await sendNotification(primaryNotification(input, policy));
  snapshot.notified.push(policy.primaryEmail);
  await record("notified");

  if (!(await condition(() => acknowledged, ackTimeoutMs))) {
    await sendNotification(escalationNotification(input, policy));
    snapshot.notified.push(policy.secondaryEmail);
    escalated = true;
    await record("escalated");
    // The secondary gets one full ack window; after that we keep listening until the expiry.
    if (!(await condition(() => acknowledged, ackTimeoutMs))) {
      const remainingMs = expiresAt - Date.now();
      if (remainingMs <= 0 || !(await condition(() => acknowledged, remainingMs))) {
        await record("expired");
        return finish("expired");
      }
    }
  }

  await record("acknowledged", snapshot.acknowledgedBy);
  await record("completed");
  return finish("completed");
}
