// Client helpers against the shared Temporal dev server (TEMPORAL_ADDRESS), configured from the environment.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTemporalClient, describeResponse, signalSeverityRaised, startIncidentResponse, temporalSettings, type TemporalClient } from "./index";

let client: TemporalClient;
const previousQueue = process.env.TEMPORAL_TASK_QUEUE;

beforeAll(async () => {
  // A queue no real worker polls, so the run stays RUNNING until we terminate it.
  process.env.TEMPORAL_TASK_QUEUE = `vigil-int-${randomUUID()}`;
  client = await createTemporalClient();
});
afterAll(async () => {
  if (previousQueue === undefined) delete process.env.TEMPORAL_TASK_QUEUE;
  else process.env.TEMPORAL_TASK_QUEUE = previousQueue;
  await client?.connection.close();
});

describe("createTemporalClient", () => {
  it("connects with the environment's settings and starts on the configured task queue", async () => {
    const incidentId = randomUUID();
    const started = await startIncidentResponse(client, { tenantId: randomUUID(), incidentId, title: "int", severity: "LOW" });
    expect(started.started).toBe(true);
    const handle = client.workflow.getHandle(started.workflowId);
    try {
      const description = await handle.describe();
      expect(description.taskQueue).toBe(process.env.TEMPORAL_TASK_QUEUE);
      expect(temporalSettings().taskQueue).toBe(process.env.TEMPORAL_TASK_QUEUE);
      expect(description.type).toBe("incidentResponseWorkflow");
      // No worker on this queue: the status is known, the live state is not.
      expect(await describeResponse(client, incidentId)).toEqual({ workflowId: `incident-${incidentId}`, status: "RUNNING" });
    } finally {
      await handle.terminate("integration test cleanup");
    }
    expect(await describeResponse(client, incidentId)).toEqual({ workflowId: `incident-${incidentId}`, status: "TERMINATED" });
  });

  it("delivers a severity raise to the incident's run, starting it when the raise comes first", async () => {
    const running = randomUUID();
    const input = { tenantId: randomUUID(), incidentId: running, title: "int", severity: "MEDIUM" as const };
    await startIncidentResponse(client, input);
    const early = randomUUID();
    try {
      expect(await signalSeverityRaised(client, input, { severity: "HIGH", alertTitle: "Brute force" })).toBe(true);
      const history = await client.workflow.getHandle(`incident-${running}`).fetchHistory();
      const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes);
      expect(signals.map((e) => e.workflowExecutionSignaledEventAttributes?.signalName)).toEqual(["severityRaised"]);
      // No run yet for this incident (its start is still on the way): signal-with-start creates it.
      expect(await signalSeverityRaised(client, { ...input, incidentId: early }, { severity: "HIGH", alertTitle: "Brute force" })).toBe(true);
      expect(await describeResponse(client, early)).toEqual({ workflowId: `incident-${early}`, status: "RUNNING" });
      expect((await startIncidentResponse(client, { ...input, incidentId: early })).started).toBe(false);
    } finally {
      await client.workflow.getHandle(`incident-${running}`).terminate("integration test cleanup");
      await client.workflow.getHandle(`incident-${early}`).terminate("integration test cleanup").catch(() => undefined);
    }
  });

  it("fails fast when the server is unreachable", async () => {
    const started = Date.now();
    await expect(createTemporalClient({ address: "127.0.0.1:1", namespace: "default", taskQueue: "x" })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
