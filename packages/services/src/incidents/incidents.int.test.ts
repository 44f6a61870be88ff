// Incidents use cases against PostgreSQL with RLS (DATABASE_URL = vigil_app) and the Temporal dev server.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createDb, type Db } from "@vigil/db";
import { createTemporalClient, type TemporalClient } from "@vigil/workflows";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, type AppErrorCode } from "../errors";
import { acknowledgeIncident, getEscalationPolicy, getIncident, listIncidents, recordWorkflowState, setEscalationPolicy } from "./index";

let admin: Db;
let db: Db;
let temporal: TemporalClient;
const tenantA = randomUUID();
const tenantB = randomUUID();

const rejectsWith = (code: AppErrorCode) => (e: unknown) => e instanceof AppError && e.code === code;

async function createTenant(id: string): Promise<void> {
  const org = randomUUID();
  await admin.pool.query("insert into organizations (id, name) values ($1, 'Org')", [org]);
  await admin.pool.query("insert into tenants (id, organization_id, name, slug) values ($1, $2, 'T', $3)", [id, org, `inc-${id}`]);
}

async function createIncident(tenantId: string, title: string, status = "OPEN"): Promise<string> {
  const id = randomUUID();
  await admin.pool.query(
    "insert into incidents (id, tenant_id, title, severity, status, group_key) values ($1, $2, $3, 'MEDIUM', $4, 'k')",
    [id, tenantId, title, status],
  );
  return id;
}

beforeAll(async () => {
  execFileSync("npm", ["run", "--silent", "db:migrate"], { cwd: fileURLToPath(new URL("../../../..", import.meta.url)), stdio: "inherit" });
  const adminUrl = process.env.DATABASE_ADMIN_URL;
  if (!adminUrl) throw new Error("DATABASE_ADMIN_URL is required for integration tests");
  admin = createDb({ url: adminUrl, max: 2 });
  db = createDb({ max: 4 });
  temporal = await createTemporalClient();
  await createTenant(tenantA);
  await createTenant(tenantB);
}, 60_000);

afterAll(async () => {
  await temporal?.connection.close();
  await db?.close();
  await admin?.close();
});

describe("incidents", () => {
  it("lists and reads only the caller's tenant incidents, newest first", async () => {
    const first = await createIncident(tenantA, "first");
    const second = await createIncident(tenantA, "second");
    const foreign = await createIncident(tenantB, "foreign");

    const listed = await listIncidents({ db }, { tenantId: tenantA }, { limit: 10 });
    expect(listed.map((i) => i.id)).toEqual(expect.arrayContaining([first, second]));
    expect(listed.map((i) => i.id)).not.toContain(foreign);
    expect(listed[0]).toMatchObject({ tenantId: tenantA, status: "OPEN", alertCount: 0 });
    expect(await getIncident({ db }, { tenantId: tenantB }, { incidentId: foreign })).toMatchObject({ title: "foreign" });
    await expect(getIncident({ db }, { tenantId: tenantB }, { incidentId: first })).rejects.toSatisfy(rejectsWith("NOT_FOUND"));
    await expect(getIncident({ db }, { tenantId: tenantA }, { incidentId: "nope" })).rejects.toSatisfy(rejectsWith("BAD_REQUEST"));
    await expect(listIncidents({ db }, { tenantId: tenantA }, { limit: 0 })).rejects.toSatisfy(rejectsWith("BAD_REQUEST"));
  });

  it("records workflow states forward only, and an acknowledger from the workflow", async () => {
    const incidentId = await createIncident(tenantA, "states");
    const record = (state: Parameters<typeof recordWorkflowState>[1]["state"], extra = {}) =>
      recordWorkflowState({ db }, { tenantId: tenantA, incidentId, state, ...extra });

    expect(await record("notified", { workflowId: `incident-${incidentId}` })).toMatchObject({ workflowState: "notified" });
    // Ingest's late "started" keeps the later state but fills nothing it should not.
    expect(await record("started", { workflowId: `incident-${incidentId}` })).toMatchObject({ workflowState: "notified", workflowId: `incident-${incidentId}` });
    expect(await record("escalated")).toMatchObject({ workflowState: "escalated", status: "OPEN" });
    expect(await record("acknowledged", { by: "oncall@a.test" })).toMatchObject({ workflowState: "acknowledged", status: "ACKNOWLEDGED", acknowledgedBy: "oncall@a.test" });
    expect(await record("completed")).toMatchObject({ workflowState: "completed" });
    expect(await record("notified")).toMatchObject({ workflowState: "completed" });

    const other = await createIncident(tenantB, "other tenant");
    await expect(recordWorkflowState({ db }, { tenantId: tenantA, incidentId: other, state: "notified" })).rejects.toSatisfy(rejectsWith("NOT_FOUND"));
  });

  it("acknowledges once with an audit row; tolerates a missing workflow and an unreachable Temporal", async () => {
    const incidentId = await createIncident(tenantA, "ack me");
    const ctx = { tenantId: tenantA, email: "Analyst@A.test", userId: randomUUID() };

    await expect(acknowledgeIncident({ db, temporal }, { tenantId: tenantB, email: "x@b.test" }, { incidentId })).rejects.toSatisfy(rejectsWith("NOT_FOUND"));
    const ack = await acknowledgeIncident({ db, temporal }, ctx, { incidentId });
    expect(ack).toMatchObject({ changed: true, signalled: false, incident: { status: "ACKNOWLEDGED", acknowledgedBy: "analyst@a.test" } });
    expect(ack.signalError).toBeUndefined();

    const again = await acknowledgeIncident({ db, temporal }, ctx, { incidentId });
    expect(again.changed).toBe(false);
    const audit = await db.withTenant(tenantA, (tx) => tx.auditLog.findMany({ where: { target: `incident:${incidentId}` } }));
    expect(audit).toEqual([expect.objectContaining({ action: "incident.acknowledge", actorEmail: "analyst@a.test", actorUserId: ctx.userId })]);

    const resolved = await createIncident(tenantA, "done", "RESOLVED");
    await expect(acknowledgeIncident({ db, temporal }, ctx, { incidentId: resolved })).rejects.toSatisfy(rejectsWith("CONFLICT"));

    const offline = await createTemporalClient();
    await offline.connection.close();
    const stored = await acknowledgeIncident({ db, temporal: offline }, ctx, { incidentId: await createIncident(tenantA, "temporal down") });
    expect(stored).toMatchObject({ changed: true, signalled: false, incident: { status: "ACKNOWLEDGED" } });
    expect(stored.signalError).toBeTruthy();
  });

  it("stores a validated escalation policy per tenant", async () => {
    expect(await getEscalationPolicy({ db }, { tenantId: tenantB })).toBeNull();
    const policy = { primaryEmail: " SOC@b.test ", secondaryEmail: "ciso@b.test", ackTimeoutSeconds: 600 };
    expect(await setEscalationPolicy({ db }, { tenantId: tenantB }, policy)).toEqual({ ...policy, primaryEmail: "soc@b.test" });
    expect(await getEscalationPolicy({ db }, { tenantId: tenantB })).toMatchObject({ ackTimeoutSeconds: 600 });
    expect(await getEscalationPolicy({ db }, { tenantId: tenantA })).toBeNull();
    await expect(setEscalationPolicy({ db }, { tenantId: tenantB }, { ...policy, secondaryEmail: "not-an-email" })).rejects.toSatisfy(rejectsWith("BAD_REQUEST"));
    await expect(setEscalationPolicy({ db }, { tenantId: tenantB }, { ...policy, ackTimeoutSeconds: 0 })).rejects.toSatisfy(rejectsWith("BAD_REQUEST"));
  });
});
