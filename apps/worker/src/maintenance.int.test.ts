// Maintenance through the real Temporal dev server and PostgreSQL: the worker's start-up step
// creates partitions ahead and the schedule; a triggered run of the schedule executes the real
// retention activity (tenant A's expired rows go, tenant B's longer retention keeps its rows).
import { randomUUID } from "node:crypto";
import { ScheduleNotFoundError } from "@temporalio/client";
import { DefaultLogger, NativeConnection, Runtime, type Worker } from "@temporalio/worker";
import { createDb, type Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls, type TestDatabase } from "@vigil/db/testing";
import { createTemporalClient, temporalSettings, type MaintenanceResult, type TemporalClient } from "@vigil/workflows";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMaintenance } from "./maintenance";
import { createResponseWorker } from "./worker";

const DAY = 86_400_000;
const A = randomUUID();
const B = randomUUID();
const taskQueue = `vigil-maint-int-${randomUUID()}`;
const scheduleId = `vigil-maintenance-int-${randomUUID()}`;

let tdb: TestDatabase;
let maintenanceDb: Db;
let db: Db;
let client: TemporalClient;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;

const countEvents = async (tenant: string) =>
  (await maintenanceDb.pool.query<{ n: number }>("select count(*)::int as n from events where tenant_id = $1", [tenant])).rows[0]?.n;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger("WARN") });
  } catch {
    // installed by another test file of this process
  }
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  maintenanceDb = createDb({ url: tdb.adminUrl, max: 2 });
  db = createDb({ url: tdb.appUrl, max: 2 });
  await maintenanceDb.pool.query("insert into organizations (id, name) values ($1, 'A'), ($2, 'B')", [A, B]);
  await maintenanceDb.pool.query(
    "insert into tenants (id, organization_id, name, slug, plan, retention_days) values ($1, $1, 'A', $3, 'pro', 90), ($2, $2, 'B', $4, 'enterprise', 365)",
    [A, B, `m-a-${A.slice(0, 8)}`, `m-b-${B.slice(0, 8)}`],
  );
  // Per tenant: one event 200 days old (no partition that old: DEFAULT) and one from an hour ago.
  const now = Date.now();
  for (const tenant of [A, B]) {
    await maintenanceDb.pool.query(
      "insert into events (tenant_id, ts, id, receiver, doc, raw) values ($1, $2, 'old', 'test', '{}', 'old'), ($1, $3, 'new', 'test', '{}', 'new')",
      [tenant, new Date(now - 200 * DAY), new Date(now - 3_600_000)],
    );
  }
  client = await createTemporalClient();
  connection = await NativeConnection.connect({ address: temporalSettings().address });
  worker = await createResponseWorker({ connection, namespace: temporalSettings().namespace, taskQueue, db, mailer: unusedMailer, maintenanceDb });
  running = worker.run(); // one run for the whole file: a Worker instance runs only once
}, 120_000);

const unusedMailer = {
  send: () => Promise.reject(new Error("the maintenance test sends no mail")),
  close: () => undefined,
};

afterAll(async () => {
  if (worker?.getState() === "RUNNING") worker.shutdown();
  await running;
  await client?.schedule.getHandle(scheduleId).delete().catch((e: unknown) => {
    if (!(e instanceof ScheduleNotFoundError)) throw e;
  });
  await client?.connection.close();
  await connection?.close();
  await db?.close();
  await maintenanceDb?.close();
  await tdb?.drop();
});

describe("maintenance schedule", () => {
  it("at start creates partitions through 7 days ahead and the daily schedule (idempotently)", async () => {
    const first = await startMaintenance({ client, taskQueue, maintenanceDb, scheduleId });
    expect(first.scheduleCreated).toBe(true);
    const ahead = `events_p${new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10).replaceAll("-", "")}`;
    const { rows } = await maintenanceDb.pool.query<{ r: string | null }>("select to_regclass($1)::text as r", [ahead]);
    expect(rows[0]?.r).toBe(ahead);
    const again = await startMaintenance({ client, taskQueue, maintenanceDb, scheduleId });
    expect(again).toEqual({ partitionsCreated: 0, scheduleCreated: false });
    const description = await client.schedule.getHandle(scheduleId).describe();
    expect(description.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 3, end: 3, step: 1 }], minute: [{ start: 17, end: 17, step: 1 }] });
    expect(description.action).toMatchObject({ type: "startWorkflow", workflowType: "maintenanceWorkflow", taskQueue });
  });

  it("a triggered run executes the retention activity: A's expired row goes, B keeps its own", async () => {
    const handle = client.schedule.getHandle(scheduleId);
    await handle.trigger();
    let workflowId: string | undefined;
    await expect
        .poll(async () => {
          const action = (await handle.describe()).info.recentActions[0]?.action;
          workflowId = action?.type === "startWorkflow" ? action.workflow.workflowId : undefined;
          return workflowId;
        }, { timeout: 20_000, interval: 250 })
        .toBeTruthy();
    const result = (await client.workflow.getHandle(workflowId ?? "").result()) as MaintenanceResult;
    expect(result.retention.deletedRows).toEqual({ [A]: 1 });
    expect(result.retention.droppedPartitions).toEqual([]);
    expect(result.partitions.created).toBe(0);
    expect([await countEvents(A), await countEvents(B)]).toEqual([1, 2]);
    const audit = await maintenanceDb.pool.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'retention.run'");
    expect(audit.rows[0]?.n).toBe(1);
  });

  it("a run with a faked clock 300 days ahead applies each tenant's retention; a bad clock fails without retrying", async () => {
    const later = new Date(Date.now() + 300 * DAY).toISOString();
    const result = (await client.workflow.execute("maintenanceWorkflow", {
      taskQueue,
      workflowId: `maint-int-${randomUUID()}`,
      args: [{ now: later }],
    })) as MaintenanceResult;
    // A (90 days) loses its recent row too; B (365 days) loses only the 200-day-old one. No
    // partition is 365 days older than that clock, so none is dropped.
    expect(result.retention.droppedPartitions).toEqual([]);
    expect(result.retention.deletedRows).toEqual({ [A]: 1, [B]: 1 });
    expect([await countEvents(A), await countEvents(B)]).toEqual([0, 1]);
    await expect(
      client.workflow.execute("maintenanceWorkflow", { taskQueue, workflowId: `maint-int-${randomUUID()}`, args: [{ now: "not a date" }] }),
    ).rejects.toMatchObject({ cause: { cause: { type: "BadInput", nonRetryable: true } } });
  });
});
