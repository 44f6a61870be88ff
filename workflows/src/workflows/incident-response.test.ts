import type { TestWorkflowEnvironment } from "@temporalio/testing";
import type { WorkflowBundleWithSourceMap } from "@temporalio/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorker, recordingActivities, startTestEnvironment, waitFor } from "../test-support";
import type { EscalationPolicy, IncidentResponseInput } from "../types";
import { acknowledgeSignal, incidentResponseWorkflow, responseStateQuery, severityRaisedSignal } from "./incident-response";

const policy: EscalationPolicy = { primaryEmail: "primary@acme.test", secondaryEmail: "oncall@acme.test", ackTimeoutSeconds: 1 };
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let counter = 0;

beforeAll(async () => {
  ({ env, bundle } = await startTestEnvironment());
});
afterAll(async () => {
  await env?.teardown();
});

function input(extra: Partial<IncidentResponseInput> = {}): IncidentResponseInput {
  counter += 1;
  return { tenantId: "t-1", incidentId: `inc-${Date.now()}-${counter}`, title: "Brute force on vpn-gw", severity: "HIGH", ...extra };
}

async function run(activities: ReturnType<typeof recordingActivities>, args: IncidentResponseInput, drive: (id: string) => Promise<void>) {
  const { worker, taskQueue } = await createTestWorker(env, bundle, activities);
  const workflowId = `incident-${args.incidentId}`;
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start(incidentResponseWorkflow, { workflowId, taskQueue, args: [args] });
    await drive(workflowId);
    return handle.result();
  });
}

const statesOf = (a: ReturnType<typeof recordingActivities>) => a.states.map((s) => s.state);

describe("incidentResponseWorkflow", () => {
  it("notifies the primary only and completes when acknowledged before the timeout", async () => {
    const activities = recordingActivities({ ...policy, ackTimeoutSeconds: 30 });
    const args = input();
    const result = await run(activities, args, async (workflowId) => {
      const handle = env.client.workflow.getHandle(workflowId);
      const live = await waitFor(async () => {
        const s = await handle.query(responseStateQuery);
        return s.state === "notified" ? s : undefined;
      });
      expect(live.notified).toEqual(["primary@acme.test"]);
      await handle.signal(acknowledgeSignal, { by: "alice@acme.test" });
    });

    expect(result).toEqual({ state: "completed", notified: ["primary@acme.test"], acknowledgedBy: "alice@acme.test", escalated: false });
    expect(activities.sent).toHaveLength(1);
    expect(activities.sent[0]).toMatchObject({ to: "primary@acme.test", subject: "[Vigil] HIGH incident: Brute force on vpn-gw" });
    expect(statesOf(activities)).toEqual(["notified", "acknowledged", "completed"]);
    expect(activities.states[1]).toMatchObject({ by: "alice@acme.test", workflowId: `incident-${args.incidentId}`, tenantId: "t-1" });
  });

  it("escalates to the secondary after the ack timeout, then completes on acknowledgement", async () => {
    const activities = recordingActivities(policy);
    const result = await run(activities, input(), async (workflowId) => {
      const handle = env.client.workflow.getHandle(workflowId);
      await waitFor(async () => ((await handle.query(responseStateQuery)).state === "escalated" ? true : undefined));
      await handle.signal(acknowledgeSignal, { by: "bob@acme.test" });
    });

    expect(result).toMatchObject({ state: "completed", escalated: true, acknowledgedBy: "bob@acme.test" });
    expect(activities.sent.map((m) => m.to)).toEqual(["primary@acme.test", "oncall@acme.test"]);
    expect(activities.sent[1]?.subject).toBe("[Vigil] ESCALATION: HIGH incident not acknowledged: Brute force on vpn-gw");
    expect(activities.sent[1]?.text).toContain("not acknowledged by primary@acme.test within 1 second");
    expect(statesOf(activities)).toEqual(["notified", "escalated", "acknowledged", "completed"]);
  });

  it("stays escalated while nobody answers and expires at the deadline", async () => {
    const activities = recordingActivities(policy);
    const started = Date.now();
    const result = await run(activities, input({ expireAfterSeconds: 4 }), async () => undefined);

    expect(result).toEqual({ state: "expired", notified: ["primary@acme.test", "oncall@acme.test"], escalated: true });
    expect(statesOf(activities)).toEqual(["notified", "escalated", "expired"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_500);
  });

  it("ignores a second acknowledgement and keeps the first acknowledger", async () => {
    const activities = recordingActivities({ ...policy, ackTimeoutSeconds: 30 });
    const args = input();
    const result = await run(activities, args, async (workflowId) => {
      const handle = env.client.workflow.getHandle(workflowId);
      await handle.signal(acknowledgeSignal, { by: "first@acme.test" });
      await handle.signal(acknowledgeSignal, { by: "second@acme.test" });
    });
    expect(result).toMatchObject({ state: "completed", acknowledgedBy: "first@acme.test", escalated: false });
    expect(statesOf(activities).filter((s) => s === "acknowledged")).toHaveLength(1);
  });

  it("tells everyone notified so far when a more severe alert joins, once per level, and nothing after the acknowledgement", async () => {
    const activities = recordingActivities({ ...policy, ackTimeoutSeconds: 2 });
    const result = await run(activities, input({ severity: "MEDIUM", title: "Unusual behaviour of user jdoe" }), async (workflowId) => {
      const handle = env.client.workflow.getHandle(workflowId);
      await waitFor(async () => ((await handle.query(responseStateQuery)).state === "notified" ? true : undefined));
      await handle.signal(severityRaisedSignal, { severity: "HIGH", alertTitle: "Brute force: 5+ failed logins" });
      await handle.signal(severityRaisedSignal, { severity: "MEDIUM", alertTitle: "not higher: ignored" });
      await waitFor(async () => ((await handle.query(responseStateQuery)).state === "escalated" ? true : undefined));
      await handle.signal(severityRaisedSignal, { severity: "CRITICAL", alertTitle: "Account takeover" });
      await waitFor(async () => ((await handle.query(responseStateQuery)).raisedTo === "CRITICAL" ? true : undefined));
      await handle.signal(acknowledgeSignal, { by: "bob@acme.test" });
      await handle.signal(severityRaisedSignal, { severity: "CRITICAL", alertTitle: "after the acknowledgement: ignored" });
    });

    expect(result).toMatchObject({ state: "completed", escalated: true, raisedTo: "CRITICAL", acknowledgedBy: "bob@acme.test" });
    expect(activities.sent.map((m) => [m.to, m.subject])).toEqual([
      ["primary@acme.test", "[Vigil] MEDIUM incident: Unusual behaviour of user jdoe"],
      ["primary@acme.test", "[Vigil] Incident raised to HIGH: Unusual behaviour of user jdoe"],
      ["oncall@acme.test", "[Vigil] ESCALATION: HIGH incident not acknowledged: Unusual behaviour of user jdoe"],
      ["primary@acme.test", "[Vigil] Incident raised to CRITICAL: Unusual behaviour of user jdoe"],
      ["oncall@acme.test", "[Vigil] Incident raised to CRITICAL: Unusual behaviour of user jdoe"],
    ]);
    expect(activities.sent[1]?.text).toContain("raised from MEDIUM to HIGH");
    expect(activities.sent[1]?.text).toContain("New alert: Brute force: 5+ failed logins");
    expect(statesOf(activities)).toEqual(["notified", "escalated", "acknowledged", "completed"]);
  });

  it("records no_policy and sends nothing when the tenant has no escalation policy", async () => {
    const activities = recordingActivities(null);
    const result = await run(activities, input(), async () => undefined);
    expect(result).toEqual({ state: "no_policy", notified: [], escalated: false });
    expect(activities.sent).toEqual([]);
    expect(statesOf(activities)).toEqual(["no_policy"]);
  });
});
