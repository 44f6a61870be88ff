// Alert triage against PostgreSQL (RLS as vigil_app): dispositions, the filtered and paged list,
// one alert with its events, and acknowledging an incident acknowledging its alerts.
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import type { DetectionMatch } from "@vigil/detection";
import type { VigilEvent } from "@vigil/schema";
import { createTemporalClient } from "@vigil/workflows";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import { AppError, type AppErrorCode } from "../errors";
import { storeEvents } from "../events";
import { acknowledgeIncident } from "../incidents";
import { getAlert, listAlerts, recordDetections, setDisposition } from "./index";

let tdb: TestDatabase;
let db: Db;
let n = 0;
const rejectsWith = (code: AppErrorCode, text?: string) => (e: unknown) => e instanceof AppError && e.code === code && (!text || e.message.includes(text));
const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 10, minute)).toISOString();

async function tenant(): Promise<{ tenantId: string; email: string; userId: string }> {
  n++;
  const email = `tri-${n}@t.test`;
  const r = await signUp({ db }, { email, password: "password-tttt", name: "T", organizationName: `Tri ${n}` });
  return { tenantId: r.tenant.id, email, userId: r.user.id };
}

function match(ruleId: string, user: string, minute: number, over: Partial<DetectionMatch> = {}): DetectionMatch {
  return {
    kind: "event", ruleId, ruleTitle: `Rule ${ruleId}`, level: "medium", severity: "MEDIUM", tactics: [], techniques: ["t1110"],
    groupKey: `user.name=${user}`, firstSeen: at(minute), lastSeen: at(minute), eventIds: [`e-${ruleId}-${user}-${minute}`],
    entities: { user: [user], host: [], ip: [], file: [] }, ...over,
  };
}

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 3 });
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe("dispositions", () => {
  it("records the verdict with who and when, closes the alert, audits it; the next match opens a new alert", async () => {
    const t = await tenant();
    const [first] = (await recordDetections({ db }, t.tenantId, [match("r1", "alice", 0)])).alerts;
    const before = Date.now();
    const { alert, proposal } = await setDisposition({ db }, t, { alertId: first!.id, disposition: "TRUE_POSITIVE", note: "  confirmed with the user  " });
    expect(proposal).toBeNull();
    expect(alert).toMatchObject({ status: "CLOSED", disposition: "TRUE_POSITIVE", dispositionNote: "confirmed with the user", dispositionBy: t.email });
    expect(alert.dispositionAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const [audit] = await db.withTenant(t.tenantId, (tx) => tx.auditLog.findMany({ where: { action: "alert.disposition" } }));
    expect(audit).toMatchObject({ target: `alert:${first!.id}`, actorUserId: t.userId, details: { disposition: "TRUE_POSITIVE", previousStatus: "OPEN" } });
    const [next] = (await recordDetections({ db }, t.tenantId, [match("r1", "alice", 1)])).alerts;
    expect(next).toMatchObject({ created: true });
    expect(next!.id).not.toBe(first!.id);
    const changed = await setDisposition({ db }, t, { alertId: first!.id, disposition: "BENIGN" });
    expect(changed.alert).toMatchObject({ disposition: "BENIGN", dispositionNote: null });
  });

  it("rejects bad input and another tenant's alert", async () => {
    const a = await tenant();
    const b = await tenant();
    const [alert] = (await recordDetections({ db }, a.tenantId, [match("r1", "alice", 0)])).alerts;
    await expect(setDisposition({ db }, b, { alertId: alert!.id, disposition: "BENIGN" })).rejects.toSatisfy(rejectsWith("NOT_FOUND"));
    await expect(setDisposition({ db }, a, { alertId: "x", disposition: "BENIGN" })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "alertId"));
    // @ts-expect-error a disposition that does not exist, as an untyped caller could send
    await expect(setDisposition({ db }, a, { alertId: alert!.id, disposition: "MAYBE" })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "disposition"));
    await expect(setDisposition({ db }, a, { alertId: alert!.id, disposition: "BENIGN", note: "x".repeat(2001) })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "note"));
    expect((await getAlert({ db }, a, { alertId: alert!.id })).status).toBe("OPEN");
  });
});

describe("listAlerts and getAlert", () => {
  it("filters by status, severity, rule and disposition, pages by cursor, and sees only its tenant", async () => {
    const a = await tenant();
    const b = await tenant();
    await recordDetections({ db }, a.tenantId, [
      match("r1", "u1", 0), match("r1", "u2", 1), match("r2", "u3", 2, { severity: "HIGH", ruleTitle: "Admin created" }), match("r3", "u4", 3), match("r3", "u5", 4),
    ]);
    await recordDetections({ db }, b.tenantId, [match("r1", "other", 5)]);
    const all = await listAlerts({ db }, a, { limit: 2 });
    expect(all.total).toBe(5);
    expect(all.items.map((i) => i.entities.user[0])).toEqual(["u5", "u4"]);
    const page2 = await listAlerts({ db }, a, { limit: 2, cursor: all.nextCursor! });
    const page3 = await listAlerts({ db }, a, { limit: 2, cursor: page2.nextCursor! });
    expect([...page2.items, ...page3.items].map((i) => i.entities.user[0])).toEqual(["u3", "u2", "u1"]);
    expect(page3.nextCursor).toBeNull();

    await setDisposition({ db }, a, { alertId: all.items[0]!.id, disposition: "FALSE_POSITIVE" });
    expect((await listAlerts({ db }, a, { severity: "HIGH" })).items.map((i) => i.ruleTitle)).toEqual(["Admin created"]);
    expect((await listAlerts({ db }, a, { rule: "admin" })).total).toBe(1);
    expect((await listAlerts({ db }, a, { rule: "r3" })).total).toBe(2);
    expect((await listAlerts({ db }, a, { status: "CLOSED" })).items.map((i) => i.disposition)).toEqual(["FALSE_POSITIVE"]);
    expect((await listAlerts({ db }, a, { disposition: "FALSE_POSITIVE" })).total).toBe(1);
    expect((await listAlerts({ db }, a, { disposition: "NONE" })).total).toBe(4);
    expect((await listAlerts({ db }, a, { status: "OPEN", rule: "r1" })).total).toBe(2);
    expect((await listAlerts({ db }, b, {})).items.map((i) => i.entities.user[0])).toEqual(["other"]);
    await expect(listAlerts({ db }, b, { cursor: all.items[0]!.id })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "cursor"));
    await expect(listAlerts({ db }, a, { limit: 0 })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "limit"));
    await expect(listAlerts({ db }, a, { cursor: "nope" })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "alertId"));
  });

  it("returns one alert with its matched event ids, entities and stored events", async () => {
    const a = await tenant();
    const b = await tenant();
    const event = (id: string, minute: number): VigilEvent => ({
      id, "@timestamp": at(minute), event: { action: "logon", outcome: "failure" }, user: { name: "alice" }, source: { ip: "203.0.113.7" },
      host: { name: "web-01" }, vigil: { receiver: "test" }, original: {}, raw: id,
    });
    await storeEvents({ db }, a.tenantId, [event("ev-1", 0), event("ev-2", 1)]);
    const [recorded] = (await recordDetections({ db }, a.tenantId, [match("r1", "alice", 1, { firstSeen: at(0), eventIds: ["ev-1", "ev-2"], entities: { user: ["alice"], host: ["web-01"], ip: ["203.0.113.7"], file: [] } })])).alerts;
    const detail = await getAlert({ db }, a, { alertId: recorded!.id });
    expect(detail).toMatchObject({ ruleId: "r1", eventIds: ["ev-1", "ev-2"], entities: { user: ["alice"], ip: ["203.0.113.7"], host: ["web-01"] }, disposition: null });
    expect(detail.events.map((e) => [e.id, e.action, e.userName, e.sourceIp])).toEqual([["ev-1", "logon", "alice", "203.0.113.7"], ["ev-2", "logon", "alice", "203.0.113.7"]]);
    await expect(getAlert({ db }, b, { alertId: recorded!.id })).rejects.toSatisfy(rejectsWith("NOT_FOUND"));
  });
});

describe("acknowledging an incident", () => {
  it("acknowledges its open alerts, leaving closed ones and other incidents' alerts alone", async () => {
    const a = await tenant();
    const r = await recordDetections({ db }, a.tenantId, [match("r1", "alice", 0), match("r2", "alice", 1), match("r3", "bob", 2)]);
    const [first, second, other] = r.alerts;
    expect(first!.incidentId).toBe(second!.incidentId);
    await setDisposition({ db }, a, { alertId: second!.id, disposition: "BENIGN" });
    // Temporal unreachable: the acknowledgement itself is stored (signalling is best effort).
    const offline = await createTemporalClient();
    await offline.connection.close();
    await acknowledgeIncident({ db, temporal: offline }, a, { incidentId: first!.incidentId! });
    const statuses = Object.fromEntries((await listAlerts({ db }, a, {})).items.map((i) => [i.id, i.status]));
    expect(statuses).toEqual({ [first!.id]: "ACKNOWLEDGED", [second!.id]: "CLOSED", [other!.id]: "OPEN" });
  });
});
