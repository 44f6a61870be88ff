// Incident response: notify the primary contact, escalate to the secondary when nobody
// acknowledges in time, finish when someone acknowledges (or after a day). While it waits, a more
// severe alert joining the incident (signal severityRaised) tells everyone notified so far.
// Deterministic: every side effect is an activity; timers come from the workflow clock.
import { condition, defineQuery, defineSignal, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
import type {
  AcknowledgePayload,
  IncidentResponseInput,
  ResponseActivities,
  ResponseResult,
  ResponseSnapshot,
  ResponseState,
  SeverityRaisedPayload,
} from "../types";
import { escalationNotification, primaryNotification, raisedNotification, severityRank } from "./messages";

export const acknowledgeSignal = defineSignal<[AcknowledgePayload]>("acknowledge");
export const severityRaisedSignal = defineSignal<[SeverityRaisedPayload]>("severityRaised");
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
  let severity = input.severity;
  const raises: SeverityRaisedPayload[] = [];

  setHandler(responseStateQuery, () => ({ ...snapshot, notified: [...snapshot.notified] }));
  setHandler(acknowledgeSignal, ({ by }) => {
    if (acknowledged) return;
    acknowledged = true;
    snapshot.acknowledgedBy = by;
  });
  setHandler(severityRaisedSignal, (raise) => {
    if (!acknowledged && severityRank(raise.severity) > severityRank(severity)) raises.push(raise);
  });

  const record = async (state: ResponseState, by?: string): Promise<void> => {
    snapshot.state = state;
    await recordWorkflowState({ tenantId, incidentId, state, workflowId, ...(by === undefined ? {} : { by }) });
  };
  const finish = (state: ResponseResult["state"]): ResponseResult => ({ ...snapshot, state, escalated });

  /** Everyone notified so far learns of the raise (the most severe of those pending), once per level. */
  const notifyRaise = async (): Promise<void> => {
    const pending = raises.splice(0);
    const top = pending.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a));
    if (severityRank(top.severity) <= severityRank(severity)) return;
    const from = severity;
    severity = top.severity;
    snapshot.raisedTo = severity;
    for (const to of new Set(snapshot.notified)) await sendNotification(raisedNotification(input, from, top, to));
  };

  /** Waits up to `ms` for an acknowledgement, passing raises on meanwhile; true when acknowledged. */
  const waitForAck = async (ms: number): Promise<boolean> => {
    const until = Date.now() + ms;
    for (;;) {
      const remaining = until - Date.now();
      if (remaining <= 0) return acknowledged;
      if (!(await condition(() => acknowledged || raises.length > 0, remaining))) return false;
      if (acknowledged) return true;
      await notifyRaise();
    }
  };

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

  if (!(await waitForAck(ackTimeoutMs))) {
    await sendNotification(escalationNotification({ ...input, severity }, policy));
    snapshot.notified.push(policy.secondaryEmail);
    escalated = true;
    await record("escalated");
    // The secondary gets one full ack window; after that we keep listening until the expiry.
    if (!(await waitForAck(ackTimeoutMs))) {
      const remainingMs = expiresAt - Date.now();
      if (remainingMs <= 0 || !(await waitForAck(remainingMs))) {
        await record("expired");
        return finish("expired");
      }
    }
  }

  await record("acknowledged", snapshot.acknowledgedBy);
  await record("completed");
  return finish("completed");
}
