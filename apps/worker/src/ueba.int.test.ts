// Scheduled UEBA training end to end: PostgreSQL (RLS) + the Temporal dev server + the worker's
// real registration. A tenant's simulated history is streamed into feature windows, the training
// schedule is triggered, and a new model version (with its backend) lands for that tenant only.
import { randomUUID } from "node:crypto";
import { DefaultLogger, NativeConnection, Runtime, type Worker } from "@temporalio/worker";
import { createDb, type Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls, type TestDatabase } from "@vigil/db/testing";
import { simulateTenant } from "@vigil/ml";
import { signUp } from "@vigil/services/accounts";
import { modelStatus } from "@vigil/services/ueba";
import { UebaSink } from "@vigil/services/ueba/stream";
import { createTemporalClient, temporalSettings, type Mailer, type TemporalClient, type UebaTrainingResult } from "@vigil/workflows";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUebaTraining } from "./ueba";
import { createResponseWorker } from "./worker";

let tdb: TestDatabase;
let db: Db;
let client: TemporalClient;
let connection: NativeConnection;
let worker: Worker;
const taskQueue = `vigil-ueba-int-${randomUUID()}`;
const scheduleId = `vigil-ueba-int-${randomUUID()}`;
// The response workflow is not exercised here: a mailer that says so if it ever is.
const mailer: Mailer = { send: () => Promise.reject(new Error("no mail in this test")), close: () => undefined };
const quiet = { info: () => undefined, error: (obj: object, msg?: string) => console.error(msg, obj) };

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger("WARN") });
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 4 });
  client = await createTemporalClient();
  connection = await NativeConnection.connect({ address: temporalSettings().address });
  worker = await createResponseWorker({ connection, namespace: temporalSettings().namespace, taskQueue, db, mailer });
}, 180_000);

afterAll(async () => {
  await client?.schedule.getHandle(scheduleId).delete().catch(() => undefined);
  await client?.connection.close();
  await connection?.close();
  await db?.close();
  await tdb?.drop();
});

describe("UEBA training schedule", () => {
  it("trains a new model version per tenant with data, on the real Temporal server", async () => {
    const signUpTenant = async (n: string) =>
      (await signUp({ db }, { email: `ueba-wf-${n}@t.test`, password: "password-wwww", name: "W", organizationName: `Ueba wf ${n}` })).tenant.id;
    const tenantA = await signUpTenant("a");
    const tenantB = await signUpTenant("b");
    const sim = simulateTenant({ seed: 5, users: 25, days: 10, tenantId: tenantA });
    const sink = new UebaSink({ deps: { db }, log: quiet, idleTickMs: 0 });
    for (const chunk of sim.events()) sink.enqueue(tenantA, chunk);
    await sink.close();

    const outcome = await worker.runUntil(async () => {
      expect(await startUebaTraining({ client, taskQueue, scheduleId })).toEqual({ scheduleCreated: true });
      expect(await startUebaTraining({ client, taskQueue, scheduleId })).toEqual({ scheduleCreated: false }); // idempotent
      const handle = client.schedule.getHandle(scheduleId);
      await handle.trigger();
      let workflowId: string | undefined;
      await expect.poll(async () => {
        const recent = (await handle.describe()).info.recentActions;
        workflowId = recent[0]?.action.workflow.workflowId;
        return workflowId;
      }, { timeout: 30_000, interval: 500 }).toBeDefined();
      const scheduled = (await client.workflow.getHandle(workflowId!).result()) as UebaTrainingResult;
      // A run for named tenants: a bad one is reported (not retried), the others still train.
      const named = (await client.workflow.execute("uebaTrainingWorkflow", {
        taskQueue, workflowId: `ueba-manual-${randomUUID()}`, args: [{ tenantIds: ["not-a-tenant", tenantA], seed: 3 }],
      })) as UebaTrainingResult;
      return { scheduled, named };
    });
    const result = outcome.scheduled;
    const manual = outcome.named;

    expect(result.failed).toEqual([]);
    expect(result.trained).toHaveLength(1);
    expect(result.trained[0]).toMatchObject({ tenantId: tenantA, version: 1, backend: expect.stringMatching(/^(tensorflow|wasm|cpu)$/) as unknown as string });
    console.info(`ueba training via Temporal: ${JSON.stringify(result.trained[0])}`);
    const status = await modelStatus({ db }, { tenantId: tenantA });
    expect(status).toMatchObject({ source: "tenant", version: 2 }); // the scheduled run, then the named one
    expect(status.series.map((s) => s.series)).toEqual(["hour", "day"]);
    expect(status.series[0]!.trainingRows).toBeGreaterThan(500);
    // The tenant without behaviour data is not trained and sees no model.
    expect(await modelStatus({ db }, { tenantId: tenantB })).toMatchObject({ source: "prior", version: 0, series: [] });

    expect(manual.failed).toEqual([{ tenantId: "not-a-tenant", error: expect.stringMatching(/tenantId must be a UUID/) as unknown as string }]);
    expect(manual.trained.map((t) => [t.tenantId, t.version])).toEqual([[tenantA, 2]]);
  }, 240_000);
});
