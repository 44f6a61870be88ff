// Exceptions and snoozes applied where detections are recorded, against PostgreSQL (RLS as
// vigil_app), with matches from the real detection engine (a single-event rule and a correlation).
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { DetectionEngine, loadRules } from "@vigil/detection";
import type { VigilEvent } from "@vigil/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import { recordDetections, setDisposition } from "../detections";
import { AppError, type AppErrorCode } from "../errors";
import { storeEvents } from "../events";
import { acceptException, deleteException, listExceptions, proposeException } from "./index";

const RULES = `title: Failed logon
id: failed-logon
logsource: {product: vigil}
detection:
  sel:
    event.action: logon
    event.outcome: failure
  condition: sel
level: low
---
title: Brute force
id: brute-force
correlation:
  type: event_count
  rules: [failed-logon]
  group-by: [user.name]
  timespan: 5m
  condition: {gte: 3}
  generate: true
level: high
`;

let tdb: TestDatabase;
let db: Db;
let n = 0;
let seq = 0;
const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const rejectsWith = (code: AppErrorCode, text?: string) => (e: unknown) => e instanceof AppError && e.code === code && (!text || e.message.includes(text));

async function tenant(): Promise<{ tenantId: string; email: string }> {
  n++;
  const email = `exc-${n}@t.test`;
  const { tenant: t } = await signUp({ db }, { email, password: "password-eeee", name: "E", organizationName: `Exc ${n}` });
  return { tenantId: t.id, email };
}

function failedLogon(user: string, ip: string, second: number): VigilEvent {
  seq++;
  return {
    id: `ev-${seq}`, "@timestamp": new Date(T0 + second * 1000).toISOString(), event: { action: "logon", outcome: "failure" },
    user: { name: user }, source: { ip }, host: { name: "web-01" }, vigil: { receiver: "test" }, original: { LogonProcess: second % 2 ? "sshd" : "NtLmSsp" }, raw: `failed ${user} ${seq}`,
  };
}

/** A fresh engine per case: correlation state is per engine and tenant. */
function detect(tenantId: string, events: VigilEvent[]) {
  const set = loadRules([{ file: "rules.yml", text: RULES }]);
  expect(set.errors).toEqual([]);
  return new DetectionEngine(set).process(tenantId, events);
}

const alertsOf = (t: string) => db.withTenant(t, (tx) => tx.alert.findMany({ orderBy: { createdAt: "asc" } }));
const counts = async (t: string) => Object.fromEntries((await listExceptions({ db }, { tenantId: t })).map((e) => [e.id, e.suppressedCount]));

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 3 });
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe("suppression in recordDetections", () => {
  it("hides a correlation match by its group key, counting it; other groups still alert", async () => {
    const { tenantId } = await tenant();
    const exc = await acceptException({ db }, { tenantId }, {
      ruleId: "brute-force", conditions: [{ field: "user.name", op: "equals", value: "SVC-BACKUP" }], reason: "nightly backup retries",
    });
    const matches = detect(tenantId, [
      ...[0, 10, 20].map((s) => failedLogon("svc-backup", "10.0.0.5", s)),
      ...[30, 40, 50].map((s) => failedLogon("alice", "203.0.113.7", s)),
    ]);
    const correlations = matches.filter((m) => m.kind === "correlation");
    expect(correlations.map((m) => m.groupKey)).toEqual(["user.name=svc-backup", "user.name=alice"]);

    const result = await recordDetections({ db }, tenantId, correlations);
    expect(result.suppressed).toEqual([{ exceptionId: exc.id, count: 1 }]);
    expect((await alertsOf(tenantId)).map((a) => [a.ruleId, a.groupKey])).toEqual([["brute-force", "user.name=alice"]]);
    const [listed] = await listExceptions({ db }, { tenantId });
    expect(listed).toMatchObject({ id: exc.id, suppressedCount: 1, active: true, lastSuppressedAt: expect.any(Date) });
  });

  it("applies an every-rule exception with a CIDR to single-event and correlation matches", async () => {
    const { tenantId } = await tenant();
    const exc = await acceptException({ db }, { tenantId }, { ruleId: null, conditions: [{ field: "source.ip", op: "cidr", value: "10.0.0.0/8" }] });
    const matches = detect(tenantId, [0, 10, 20].map((s) => failedLogon("svc-scan", `10.1.2.${s}`, s)));
    expect(matches.filter((m) => m.kind === "event")).toHaveLength(3);
    expect(matches.filter((m) => m.kind === "correlation")).toHaveLength(1);
    const result = await recordDetections({ db }, tenantId, matches);
    expect(result.alerts).toEqual([]);
    expect(result.newIncidents).toEqual([]);
    expect(await counts(tenantId)).toEqual({ [exc.id]: 4 });
  });

  it("stops suppressing once a snooze has expired", async () => {
    const { tenantId } = await tenant();
    const now = new Date();
    const snooze = await acceptException({ db }, { tenantId }, {
      kind: "snooze", ruleId: "failed-logon", conditions: [{ field: "user.name", op: "equals", value: "alice" }], expiresAt: new Date(now.getTime() + 60 * 60_000),
    }, now);
    const matches = () => detect(tenantId, [failedLogon("alice", "203.0.113.7", 0)]);
    expect((await recordDetections({ db }, tenantId, matches(), { now: new Date(now.getTime() + 30 * 60_000) })).suppressed).toHaveLength(1);
    const later = await recordDetections({ db }, tenantId, matches(), { now: new Date(now.getTime() + 61 * 60_000) });
    expect(later.suppressed).toEqual([]);
    expect(later.alerts).toMatchObject([{ ruleId: "failed-logon", created: true }]);
    expect(await counts(tenantId)).toEqual({ [snooze.id]: 1 });
    const [view] = await listExceptions({ db }, { tenantId }, new Date(now.getTime() + 61 * 60_000));
    expect(view).toMatchObject({ kind: "snooze", active: false });
  });

  it("reads other fields of a single-event match from its stored event, and never suppresses without it", async () => {
    const { tenantId } = await tenant();
    const exc = await acceptException({ db }, { tenantId }, { ruleId: "failed-logon", conditions: [{ field: "LogonProcess", op: "equals", value: "sshd" }] });
    const events = [failedLogon("bob", "198.51.100.1", 1), failedLogon("bob", "198.51.100.1", 2)];
    await storeEvents({ db }, tenantId, events);
    const stored = await recordDetections({ db }, tenantId, detect(tenantId, events).filter((m) => m.kind === "event"));
    // The sshd logon (odd second) is hidden, the NtLmSsp one alerts.
    expect(stored.suppressed).toEqual([{ exceptionId: exc.id, count: 1 }]);
    expect(stored.alerts).toHaveLength(1);
    const unstored = [failedLogon("carol", "198.51.100.2", 3)];
    const blind = await recordDetections({ db }, tenantId, detect(tenantId, unstored).filter((m) => m.kind === "event"));
    expect(blind.suppressed).toEqual([]);
  });

  it("never lets one tenant's exception suppress, list or delete for another", async () => {
    const a = await tenant();
    const b = await tenant();
    const bExc = await acceptException({ db }, { tenantId: b.tenantId }, { ruleId: "failed-logon", conditions: [{ field: "user.name", op: "equals", value: "alice" }] });
    const result = await recordDetections({ db }, a.tenantId, detect(a.tenantId, [failedLogon("alice", "203.0.113.7", 0)]));
    expect(result.suppressed).toEqual([]);
    expect(result.alerts).toHaveLength(1);
    expect(await listExceptions({ db }, { tenantId: a.tenantId })).toEqual([]);
    await expect(deleteException({ db }, { tenantId: a.tenantId }, { exceptionId: bExc.id })).rejects.toSatisfy(rejectsWith("NOT_FOUND"));
    expect(await counts(b.tenantId)).toEqual({ [bExc.id]: 0 });
    // And B's own matches are suppressed by it.
    expect((await recordDetections({ db }, b.tenantId, detect(b.tenantId, [failedLogon("alice", "203.0.113.7", 0)]))).suppressed).toHaveLength(1);
  });
});

describe("false positive -> exception", () => {
  it("proposes the alert's identifying fields, accepts an edited proposal, and the next match is suppressed", async () => {
    const { tenantId, email } = await tenant();
    const ctx = { tenantId, email };
    const [recorded] = (await recordDetections({ db }, tenantId, detect(tenantId, [failedLogon("svc-backup", "10.0.0.5", 0)]))).alerts;
    const { alert, proposal } = await setDisposition({ db }, ctx, { alertId: recorded!.id, disposition: "FALSE_POSITIVE", note: "backup service" });
    expect(alert).toMatchObject({ status: "CLOSED", disposition: "FALSE_POSITIVE", dispositionBy: email });
    expect(proposal).toMatchObject({
      ruleId: "failed-logon", sourceAlertId: recorded!.id, reason: "backup service",
      conditions: [{ field: "user.name", op: "equals", value: "svc-backup" }, { field: "source.ip", op: "equals", value: "10.0.0.5" }, { field: "host.name", op: "equals", value: "web-01" }],
    });
    expect(await proposeException({ db }, ctx, { alertId: recorded!.id })).toEqual(proposal);
    // The analyst widens it: any host, the backup subnet.
    const accepted = await acceptException({ db }, ctx, {
      ...proposal!, conditions: [{ field: "user.name", op: "equals", value: "svc-backup" }, { field: "source.ip", op: "cidr", value: "10.0.0.0/24" }],
    });
    expect(accepted).toMatchObject({ kind: "exception", createdBy: email, sourceAlertId: recorded!.id });
    const again = await recordDetections({ db }, tenantId, detect(tenantId, [failedLogon("svc-backup", "10.0.0.9", 0)]));
    expect(again).toMatchObject({ alerts: [], suppressed: [{ exceptionId: accepted.id, count: 1 }] });
    const audit = await db.withTenant(tenantId, (tx) => tx.auditLog.findMany({ where: { action: { in: ["alert.disposition", "exception.create", "exception.delete"] } }, orderBy: { id: "asc" } }));
    await deleteException({ db }, ctx, { exceptionId: accepted.id });
    expect(await listExceptions({ db }, ctx)).toEqual([]);
    expect(audit.map((r) => r.action)).toEqual(["alert.disposition", "exception.create"]);
    expect(await db.withTenant(tenantId, (tx) => tx.auditLog.count({ where: { action: "exception.delete" } }))).toBe(1);
  });

  it("answers bad input with a clear error", async () => {
    const { tenantId } = await tenant();
    const ctx = { tenantId };
    await expect(acceptException({ db }, ctx, { ruleId: null, conditions: [] })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "at least one condition"));
    await expect(acceptException({ db }, ctx, { ruleId: "r", conditions: [{ field: "source.ip", op: "cidr", value: "nope" }] })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "conditions.0.value"));
    await expect(acceptException({ db }, ctx, { kind: "snooze", ruleId: "r", conditions: [] })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "expiresAt"));
    await expect(acceptException({ db }, ctx, { ruleId: "r", conditions: [], expiresAt: new Date(Date.now() - 1000) })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "future"));
    await expect(acceptException({ db }, ctx, { kind: "snooze", ruleId: "r", conditions: [], expiresAt: new Date(Date.now() + 100 * 86_400_000) })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "90 days"));
    await expect(acceptException({ db }, ctx, { ruleId: "r", conditions: [], sourceAlertId: "x" })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "sourceAlertId"));
    await expect(acceptException({ db }, ctx, { ruleId: "r", conditions: [], sourceAlertId: "0f8fad5b-d9cb-469f-a165-70867728950e" })).rejects.toSatisfy(rejectsWith("NOT_FOUND"));
    await expect(proposeException({ db }, ctx, { alertId: "nope" })).rejects.toSatisfy(rejectsWith("BAD_REQUEST"));
    await expect(deleteException({ db }, ctx, { exceptionId: "0f8fad5b-d9cb-469f-a165-70867728950e" })).rejects.toSatisfy(rejectsWith("NOT_FOUND"));
  });
});
