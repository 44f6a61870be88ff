import type { TestWorkflowEnvironment } from "@temporalio/testing";
import type { WorkflowBundleWithSourceMap } from "@temporalio/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResponse, incidentWorkflowId, signalAcknowledge, startIncidentResponse } from "./client";
import { createTestWorker, recordingActivities, startTestEnvironment, waitFor } from "./test-support";

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  ({ env, bundle } = await startTestEnvironment());
});
afterAll(async () => {
  await env?.teardown();
});

const policy = { primaryEmail: "primary@acme.test", secondaryEmail: "oncall@acme.test", ackTimeoutSeconds: 30 };

describe("client helpers", () => {
  it("starts once per incident, acknowledges through a signal and describes the run", async () => {
    const activities = recordingActivities(policy);
    const { worker, taskQueue } = await createTestWorker(env, bundle, activities);
    const incidentId = `client-${Date.now()}`;
    const input = { tenantId: "t-1", incidentId, title: "Malware on host-7", severity: "CRITICAL" as const };

    await worker.runUntil(async () => {
      const first = await startIncidentResponse(env.client, input, { taskQueue });
      expect(first).toMatchObject({ workflowId: `incident-${incidentId}`, started: true });
      expect(first.runId).toBeTruthy();
      const again = await startIncidentResponse(env.client, input, { taskQueue });
      expect(again).toEqual({ workflowId: `incident-${incidentId}`, started: false });

      const running = await waitFor(async () => {
        const d = await describeResponse(env.client, incidentId);
        return d?.snapshot?.state === "notified" ? d : undefined;
      });
      expect(running).toEqual({
        workflowId: `incident-${incidentId}`,
        status: "RUNNING",
        snapshot: { state: "notified", notified: ["primary@acme.test"] },
      });

      expect(await signalAcknowledge(env.client, incidentId, "carol@acme.test")).toBe(true);
      await env.client.workflow.getHandle(incidentWorkflowId(incidentId)).result();
    });

    const done = await describeResponse(env.client, incidentId);
    expect(done).toMatchObject({ status: "COMPLETED", snapshot: { state: "completed", acknowledgedBy: "carol@acme.test" } });
    // A completed response is never started again for the same incident.
    expect(await startIncidentResponse(env.client, input, { taskQueue })).toEqual({ workflowId: `incident-${incidentId}`, started: false });
    // Signalling a closed run reports false instead of throwing.
    expect(await signalAcknowledge(env.client, incidentId, "late@acme.test")).toBe(false);
  });

  it("reports unknown incidents as absent", async () => {
    expect(await describeResponse(env.client, "does-not-exist")).toBeNull();
    expect(await signalAcknowledge(env.client, "does-not-exist", "x@acme.test")).toBe(false);
  });
});
