// End to end: PostgreSQL (RLS) + Temporal dev server + a real SMTP server + the worker's real activities.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { DefaultLogger, NativeConnection, Runtime, type Worker } from "@temporalio/worker";
import { createDb, type Db } from "@vigil/db";
import { AppError } from "@vigil/services";
import { acknowledgeIncident, getIncident, listIncidents, recordWorkflowState, setEscalationPolicy } from "@vigil/services/incidents";
import {
  createSmtpMailer,
  createTemporalClient,
  describeResponse,
  startIncidentResponse,
  temporalSettings,
  type Mailer,
  type ResponseResult,
  type TemporalClient,
} from "@vigil/workflows";
import { startSmtpSink, type SmtpSink } from "@vigil/workflows/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResponseWorker } from "./worker";

let admin: Db;
let db: Db;
let sink: SmtpSink;
let mailer: Mailer;
let client: TemporalClient;
let connection: NativeConnection;
let worker: Worker;
const taskQueue = `vigil-int-${randomUUID()}`;
const tenantA = randomUUID();
const tenantB = randomUUID();
const incidentId = randomUUID();
const title = `Brute force on vpn-gw ${incidentId.slice(0, 8)}`;

async function createTenant(id: string, slug: string): Promise<void> {
  const org = randomUUID();
  await admin.pool.query("insert into organizations (id, name) values ($1, $2)", [org, `Org ${slug}`]);
  await admin.pool.query("insert into tenants (id, organization_id, name, slug) values ($1, $2, $3, $4)", [id, org, slug, slug]);
}

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger("WARN") });
  const root = fileURLToPath(new URL("../../..", import.meta.url));
  execFileSync("npm", ["run", "--silent", "db:migrate"], { cwd: root, stdio: "inherit" });
  const adminUrl = process.env.DATABASE_ADMIN_URL;
  if (!adminUrl) throw new Error("DATABASE_ADMIN_URL is required for integration tests");
  admin = createDb({ url: adminUrl, max: 2 });
  db = createDb({ max: 4 });
  sink = await startSmtpSink();
  mailer = createSmtpMailer({ host: sink.host, port: sink.port, from: "Vigil <alerts@vigil.test>" });
  client = await createTemporalClient();
  connection = await NativeConnection.connect({ address: temporalSettings().address });
  worker = await createResponseWorker({ connection, namespace: temporalSettings().namespace, taskQueue, db, mailer });

  await createTenant(tenantA, `wf-a-${tenantA.slice(0, 8)}`);
  await createTenant(tenantB, `wf-b-${tenantB.slice(0, 8)}`);
  await admin.pool.query("insert into incidents (id, tenant_id, title, severity, group_key) values ($1, $2, $3, 'HIGH', 'int-test')", [
    incidentId,
    tenantA,
    title,
  ]);
  await setEscalationPolicy({ db }, { tenantId: tenantA }, { primaryEmail: "soc@a.test", secondaryEmail: "ciso@a.test", ackTimeoutSeconds: 2 });
});

afterAll(async () => {
  await client?.connection.close();
  await connection?.close();
  mailer?.close();
  await sink?.close();
  await db?.close();
  await admin?.close();
});

describe("incident response, end to end", () => {
  it("e-mails the primary, escalates to the secondary, and completes when the tenant acknowledges", async () => {
    const ctxA = { tenantId: tenantA, email: "analyst@a.test" };
    const result = await worker.runUntil(async (): Promise<ResponseResult> => {
      const start = await startIncidentResponse(client, { tenantId: tenantA, incidentId, title, severity: "HIGH" }, { taskQueue });
      expect(start).toMatchObject({ workflowId: `incident-${incidentId}`, started: true });
      // What ingest does after starting: it must not push the state backwards.
      await recordWorkflowState({ db }, { tenantId: tenantA, incidentId, state: "started", workflowId: start.workflowId });

      const primary = await sink.waitFor((m) => m.to.includes("soc@a.test"));
      expect(primary.subject).toBe(`[Vigil] HIGH incident: ${title}`);
      expect(primary.text).toContain(`Incident: ${incidentId}`);

      const escalation = await sink.waitFor((m) => m.to.includes("ciso@a.test"));
      expect(escalation.subject).toBe(`[Vigil] ESCALATION: HIGH incident not acknowledged: ${title}`);
      expect(escalation.receivedAt.getTime() - primary.receivedAt.getTime()).toBeGreaterThanOrEqual(1_500);
      await expect.poll(async () => (await getIncident({ db }, ctxA, { incidentId })).workflowState, { timeout: 10_000 }).toBe("escalated");

      // Another tenant cannot see, let alone acknowledge, this incident.
      const foreign = acknowledgeIncident({ db, temporal: client }, { tenantId: tenantB, email: "mallory@b.test" }, { incidentId });
      await expect(foreign).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === "NOT_FOUND");
      expect(await listIncidents({ db }, { tenantId: tenantB })).toEqual([]);

      const ack = await acknowledgeIncident({ db, temporal: client }, ctxA, { incidentId });
      expect(ack).toMatchObject({ changed: true, signalled: true, incident: { status: "ACKNOWLEDGED", acknowledgedBy: "analyst@a.test" } });
      return client.workflow.getHandle(`incident-${incidentId}`).result() as Promise<ResponseResult>;
    });

    expect(result).toEqual({ state: "completed", notified: ["soc@a.test", "ciso@a.test"], acknowledgedBy: "analyst@a.test", escalated: true });
    expect(sink.messages.map((m) => m.to[0])).toEqual(["soc@a.test", "ciso@a.test"]);

    const incident = await getIncident({ db }, { tenantId: tenantA }, { incidentId });
    expect(incident).toMatchObject({ status: "ACKNOWLEDGED", workflowState: "completed", workflowId: `incident-${incidentId}`, acknowledgedBy: "analyst@a.test" });
    expect(incident.acknowledgedAt).toBeInstanceOf(Date);

    const audit = await db.withTenant(tenantA, (tx) => tx.auditLog.findMany({ where: { target: `incident:${incidentId}` } }));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "incident.acknowledge", actorEmail: "analyst@a.test", tenantId: tenantA });

    // A second acknowledgement changes nothing and the closed workflow is not signalled.
    const again = await acknowledgeIncident({ db, temporal: client }, { tenantId: tenantA, email: "other@a.test" }, { incidentId });
    expect(again).toMatchObject({ changed: false, signalled: false, incident: { acknowledgedBy: "analyst@a.test" } });
    expect(await describeResponse(client, incidentId)).toMatchObject({ status: "COMPLETED", snapshot: { state: "completed" } });
  });
});
