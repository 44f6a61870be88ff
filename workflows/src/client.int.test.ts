// Client helpers against the shared Temporal dev server (TEMPORAL_ADDRESS), configured from the environment.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTemporalClient, describeResponse, startIncidentResponse, temporalSettings, type TemporalClient } from "./index";

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

  it("fails fast when the server is unreachable", async () => {
    const started = Date.now();
    await expect(createTemporalClient({ address: "127.0.0.1:1", namespace: "default", taskQueue: "x" })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
