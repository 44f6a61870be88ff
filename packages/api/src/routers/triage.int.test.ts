// alerts.* / exceptions.* / health.* through the tRPC caller against the shared, migrated
// PostgreSQL: zod inputs, roles (viewers read only), tenancy.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@vigil/db";
import { recordDetections } from "@vigil/services/detections";
import { appRouter } from "../root";
import { createCallerFactory, createTRPCContext, type ApiSession } from "../trpc";

const db = createDb({ max: 2 });
const adminDb = createDb({ url: process.env.DATABASE_ADMIN_URL, max: 1 });
const caller = (session: ApiSession | null) => createCallerFactory(appRouter)(createTRPCContext({ headers: new Headers(), session, deps: { db } }));

async function account(label: string): Promise<ApiSession> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const { tenantId } = await caller(null).auth.signUp({ organizationName: `${label} Corp`, name: label, email, password: "correct horse battery" });
  const { rows } = await adminDb.pool.query<{ id: string }>("select id from users where email = $1", [email]);
  return { user: { id: rows[0]!.id, email, tenantId } };
}

let owner: ApiSession;
let stranger: ApiSession;
let alertId: string;
const now = Date.now();

beforeAll(async () => {
  owner = await account("triager");
  stranger = await account("outsider");
  const at = new Date(now - 60_000).toISOString();
  const recorded = await recordDetections({ db }, owner.user.tenantId!, [{
    kind: "event", ruleId: "svc-logon", ruleTitle: "Service account logon", level: "medium", severity: "MEDIUM", tactics: [], techniques: [],
    groupKey: "user.name=svc-backup|source.ip=10.0.0.5", firstSeen: at, lastSeen: at, eventIds: ["e1"],
    entities: { user: ["svc-backup"], host: [], ip: ["10.0.0.5"], file: [] },
  }]);
  alertId = recorded.alerts[0]!.id;
}, 30_000);
afterAll(async () => {
  await db.close();
  await adminDb.close();
});

describe("triage routers", () => {
  it("lists, reads, marks a false positive and accepts the proposed exception", async () => {
    const api = caller(owner);
    const page = await api.alerts.list({ status: "OPEN" });
    expect(page).toMatchObject({ total: 1, nextCursor: null, items: [{ id: alertId, disposition: null }] });
    expect(await api.alerts.get({ alertId })).toMatchObject({ eventIds: ["e1"], entities: { user: ["svc-backup"] } });
    const { alert, proposal } = await api.alerts.setDisposition({ alertId, disposition: "FALSE_POSITIVE", note: "backup" });
    expect(alert.status).toBe("CLOSED");
    expect(proposal?.conditions).toEqual([{ field: "user.name", op: "equals", value: "svc-backup" }, { field: "source.ip", op: "equals", value: "10.0.0.5" }]);
    expect(await api.exceptions.propose({ alertId })).toEqual(proposal);
    const exc = await api.exceptions.accept({ ...proposal!, expiresAt: new Date(now + 86_400_000) });
    const snooze = await api.exceptions.snooze({ ruleId: "svc-logon", entity: { field: "host.name", value: "db-01" }, until: new Date(now + 3_600_000) });
    expect(snooze).toMatchObject({ kind: "snooze", conditions: [{ field: "host.name", op: "equals", value: "db-01" }] });
    expect((await api.exceptions.list({})).map((e) => e.id).sort()).toEqual([exc.id, snooze.id].sort());
    expect(await api.exceptions.delete({ exceptionId: snooze.id })).toEqual({ deleted: true });
    const health = await api.health.detection({ days: 1 });
    expect(health.lag.alertsMeasured).toBe(1);
    expect(health.daily.reduce((s, d) => s + d.alerts, 0)).toBe(1);
  });

  it("rejects bad input as BAD_REQUEST naming the field", async () => {
    const api = caller(owner);
    await expect(api.alerts.setDisposition({ alertId, disposition: "MAYBE" as "BENIGN" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.alerts.list({ limit: 500 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.exceptions.accept({ ruleId: null, conditions: [] })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at least one condition") });
    await expect(api.exceptions.accept({ ruleId: "r", conditions: [{ field: "source.ip", op: "cidr", value: "x" }] })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("CIDR") });
    await expect(api.health.detection({ days: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("keeps tenants apart and viewers read-only", async () => {
    const out = caller(stranger);
    await expect(out.alerts.list({ tenantId: owner.user.tenantId! })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(out.alerts.get({ alertId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(out.alerts.setDisposition({ alertId, disposition: "BENIGN" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await out.exceptions.list({})).toEqual([]);
    expect((await out.alerts.list({})).total).toBe(0);

    const { rows } = await adminDb.pool.query<{ organization_id: string }>("select organization_id from tenants where id = $1", [owner.user.tenantId]);
    await adminDb.pool.query("insert into memberships (user_id, organization_id, tenant_id, role) values ($1, $2, $3, 'VIEWER')", [stranger.user.id, rows[0]!.organization_id, owner.user.tenantId]);
    const viewer = { tenantId: owner.user.tenantId! };
    expect((await out.alerts.list(viewer)).total).toBe(1);
    await expect(out.alerts.setDisposition({ ...viewer, alertId, disposition: "BENIGN" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(out.exceptions.accept({ ...viewer, ruleId: "r", conditions: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
