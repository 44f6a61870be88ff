// Alert dedup and incident grouping against PostgreSQL (RLS as vigil_app), including a storm: one
// detection batch raising thousands of alerts over distinct accounts is recorded in one
// transaction, each alert's lookup for a related incident reading only the alerts sharing one of
// its entities (GIN indexes through vigil_related_incident), not every alert of the tenant.
import { randomUUID } from "node:crypto";
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import type { DetectionMatch, Entities } from "@vigil/detection";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import { recordDetections } from "./index";

let tdb: TestDatabase;
let db: Db;
let n = 0;

async function tenant(): Promise<string> {
  n++;
  return (await signUp({ db }, { email: `det-${n}@t.test`, password: "password-dddd", name: "D", organizationName: `Det ${n}` })).tenant.id;
}

function match(over: Partial<DetectionMatch> & { at: string; user?: string; ip?: string }): DetectionMatch {
  const entities: Entities = { user: over.user ? [over.user] : [], host: [], ip: over.ip ? [over.ip] : [], file: [] };
  return {
    kind: "event", ruleId: "rule-1", ruleTitle: "Rule one", level: "medium", severity: "MEDIUM", tactics: [], techniques: [],
    groupKey: `user.name=${over.user ?? "-"}`, firstSeen: over.at, lastSeen: over.at, eventIds: [`e-${over.at}-${over.user}`], entities,
    ...over,
  };
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 10, minute)).toISOString();
const alertsOf = (t: string) => db.withTenant(t, (tx) => tx.alert.findMany({ orderBy: { createdAt: "asc" } }));
const incidentsOf = (t: string) => db.withTenant(t, (tx) => tx.incident.findMany({ orderBy: { createdAt: "asc" } }));

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 3 });
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe("recordDetections", () => {
  it("dedups the same rule and group within 15 minutes, capping event ids at 100", async () => {
    const t = await tenant();
    const first = await recordDetections({ db }, t, [match({ at: at(0), user: "alice" })]);
    expect(first.alerts).toMatchObject([{ created: true, count: 1 }]);
    expect(first.newIncidents).toHaveLength(1);
    const many = Array.from({ length: 120 }, (_, i) => match({ at: at(10), user: "alice", eventIds: [`x-${i}`] }));
    const again = await recordDetections({ db }, t, many);
    expect(again.alerts).toMatchObject([{ id: first.alerts[0]!.id, created: false, count: 121 }]);
    expect(again.newIncidents).toEqual([]);
    const [alert] = await alertsOf(t);
    expect(alert!.eventIds).toHaveLength(100);
    expect(alert!.eventIds.at(-1)).toBe("x-119");
    expect(alert!.lastSeen.toISOString()).toBe(at(10));
    const later = await recordDetections({ db }, t, [match({ at: at(26), user: "alice" })]);
    expect(later.alerts[0]).toMatchObject({ created: true, incidentId: first.alerts[0]!.incidentId });
  });

  it("groups alerts sharing a user or source ip within an hour into one incident, raising its severity", async () => {
    const t = await tenant();
    const r1 = await recordDetections({ db }, t, [match({ at: at(0), user: "alice", ip: "203.0.113.7" })]);
    const r2 = await recordDetections({ db }, t, [
      match({ at: at(5), ruleId: "rule-2", ruleTitle: "Rule two", severity: "HIGH", user: "mallory", ip: "203.0.113.7", groupKey: "g2" }),
      match({ at: at(6), ruleId: "rule-3", ruleTitle: "Rule three", user: "bob", ip: "198.51.100.1", groupKey: "g3" }),
    ]);
    expect(r2.newIncidents.map((i) => i.title)).toEqual(["Rule three"]);
    const incidents = await incidentsOf(t);
    expect(incidents.map((i) => [i.title, i.severity, i.groupKey])).toEqual([
      ["Rule one", "HIGH", "user:alice"],
      ["Rule three", "MEDIUM", "user:bob"],
    ]);
    expect(r2.alerts[0]!.incidentId).toBe(r1.alerts[0]!.incidentId);
    // The raise is reported (for the running response to tell its responders), once, with the new level.
    expect(r2.raisedIncidents).toEqual([
      { id: r1.alerts[0]!.incidentId, tenantId: t, title: "Rule one", severity: "HIGH", previousSeverity: "MEDIUM", alertTitle: "Rule two" },
    ]);
    // Not higher: nothing to report.
    const r3 = await recordDetections({ db }, t, [match({ at: at(7), ruleId: "rule-4", ruleTitle: "Rule four", severity: "LOW", user: "alice", groupKey: "g4" })]);
    expect(r3.raisedIncidents).toEqual([]);
  });

  it("reports no raise for an acknowledged incident, and starts a just-opened one at its raised level", async () => {
    const t = await tenant();
    const r1 = await recordDetections({ db }, t, [match({ at: at(0), user: "carol" })]);
    await db.withTenant(t, (tx) => tx.incident.update({ where: { id: r1.newIncidents[0]!.id }, data: { status: "ACKNOWLEDGED" } }));
    const r2 = await recordDetections({ db }, t, [match({ at: at(2), ruleId: "rule-2", severity: "CRITICAL", user: "carol", groupKey: "g2" })]);
    expect(r2.raisedIncidents).toEqual([]);
    expect((await incidentsOf(t))[0]!.severity).toBe("CRITICAL");

    const u = await tenant();
    const both = await recordDetections({ db }, u, [
      match({ at: at(0), user: "dave" }),
      match({ at: at(1), ruleId: "rule-2", ruleTitle: "Rule two", severity: "HIGH", user: "dave", groupKey: "g2" }),
    ]);
    expect(both.newIncidents).toMatchObject([{ title: "Rule one", severity: "HIGH" }]);
    expect(both.raisedIncidents).toEqual([]);
  });

  it("opens a new incident after an hour or when the related one is resolved", async () => {
    const t = await tenant();
    const r1 = await recordDetections({ db }, t, [match({ at: at(0), user: "alice" })]);
    const r2 = await recordDetections({ db }, t, [match({ at: at(61 + 15), ruleId: "rule-x", groupKey: "x", user: "alice" })]);
    expect(r2.newIncidents).toHaveLength(1);
    await db.withTenant(t, (tx) => tx.incident.update({ where: { id: r2.newIncidents[0]!.id }, data: { status: "RESOLVED" } }));
    const r3 = await recordDetections({ db }, t, [match({ at: at(80), ruleId: "rule-y", groupKey: "y", user: "alice" })]);
    expect(r3.newIncidents).toHaveLength(1);
    expect(new Set([r1, r2, r3].map((r) => r.alerts[0]!.incidentId)).size).toBe(3);
  });

  it("never groups across tenants", async () => {
    const t1 = await tenant();
    const t2 = await tenant();
    await recordDetections({ db }, t1, [match({ at: at(0), user: "alice" })]);
    const other = await recordDetections({ db }, t2, [match({ at: at(1), user: "alice" })]);
    expect(other.newIncidents).toHaveLength(1);
    expect(await incidentsOf(t1)).toHaveLength(1);
    expect(await incidentsOf(t2)).toHaveLength(1);
  });
});

describe("an open alert whose incident was deleted", () => {
  it("is placed again when it counts up: in a related open incident, else a new one", async () => {
    const t = await tenant();
    const first = await recordDetections({ db }, t, [match({ at: at(0), user: "frank", severity: "LOW" })]);
    const lone = first.alerts[0]!;
    const admin = createDb({ url: tdb.adminUrl, max: 1 });
    try {
      await admin.pool.query("delete from incidents where id = $1", [lone.incidentId]);
    } finally {
      await admin.close();
    }
    // Another rule's alert for frank opens an incident; the old alert then counts up and joins it.
    const other = await recordDetections({ db }, t, [match({ at: at(1), user: "frank", ruleId: "rule-2", groupKey: "g2", severity: "LOW" })]);
    const again = await recordDetections({ db }, t, [match({ at: at(2), user: "frank", severity: "HIGH" })]);
    expect(again.alerts).toMatchObject([{ id: lone.id, created: false, count: 2, incidentId: other.alerts[0]!.incidentId }]);
    expect(again.newIncidents).toEqual([]);
    expect(await incidentsOf(t)).toMatchObject([{ id: other.alerts[0]!.incidentId }]);
  });
});

describe("incident grouping at volume", () => {
  const STORM = 2_000;
  const stormOf = (i: number) => match({ at: at(0), user: `storm-user-${i}`, ruleId: "brute-force-storm", severity: "HIGH" });
  let t1 = "";
  let t2 = "";

  it("records a storm of alerts over distinct accounts in one batch, then groups by shared entity within the tenant only", async () => {
    t1 = await tenant();
    t2 = await tenant();
    const recorded = await recordDetections({ db }, t1, Array.from({ length: STORM }, (_, i) => stormOf(i)));
    expect(recorded.alerts).toHaveLength(STORM);
    expect(recorded.newIncidents).toHaveLength(STORM);
    expect(new Set(recorded.alerts.map((a) => a.incidentId)).size).toBe(STORM);

    // Another rule naming account 1234 from a new address joins that account's incident.
    const follow = await recordDetections({ db }, t1, [match({ at: at(1), user: "storm-user-1234", ip: "203.0.113.9", ruleId: "login-after-storm", groupKey: "g" })]);
    expect(follow.newIncidents).toEqual([]);
    expect(recorded.alerts.some((a) => a.incidentId !== null && a.incidentId === follow.alerts[0]?.incidentId)).toBe(true);
    // The same account in another tenant opens that tenant's own incident.
    const other = await recordDetections({ db }, t2, [stormOf(1234)]);
    expect(other.newIncidents).toHaveLength(1);
    expect(other.alerts[0]?.incidentId).not.toBe(follow.alerts[0]?.incidentId);
  }, 120_000);

  it("finds the alerts sharing an entity through the entity indexes, not by reading the tenant's alerts", async () => {
    const admin = createDb({ url: tdb.adminUrl, max: 1 });
    try {
      await admin.pool.query("analyze alerts");
    } finally {
      await admin.close();
    }
    const scans = await db.withTenantClient(t1, async (c) => {
      const found = await c.query<{ id: string | null }>("select vigil_related_incident($1, $2, $3, $4, $5) as id", [t1, new Date(Date.parse(at(0)) - 3_600_000), randomUUID(), ["storm-user-7"], []]);
      // Scans of this transaction so far (the function runs inside it).
      const { rows } = await c.query<{ entity: string; table: string }>(
        "select pg_stat_get_xact_numscans('alerts_entities_user_idx'::regclass) as entity, pg_stat_get_xact_numscans('alerts'::regclass) as table",
      );
      return { found: found.rows[0]?.id, entity: Number(rows[0]?.entity), sequential: Number(rows[0]?.table) };
    });
    expect(scans.found).toEqual(expect.any(String));
    expect(scans.entity).toBeGreaterThanOrEqual(1);
    expect(scans.sequential).toBe(0);
  });

  it("places a new alert for the transaction's own tenant only (row-level security applies in vigil_place_new_alert)", async () => {
    const call = (tenantId: string, users: string[]) => db.withTenantClient(t2, (c) => c.query(
      `select * from vigil_place_new_alert($1, 'r', 'R', 'LOW'::"Severity", '{}', '{}', '{}'::jsonb, '{}', 'g', now(), now(), 1, 0, $2::text[], '{}', 'g', interval '1 hour')`,
      [tenantId, users],
    ));
    // Entities: the related-incident lookup refuses the foreign tenant; none: the insert itself is refused.
    await expect(call(t1, ["storm-user-7"])).rejects.toThrow(/is not a tenant of this transaction/);
    await expect(call(t1, [])).rejects.toThrow(/row-level security/);
    const own = await call(t2, []);
    expect(own.rows[0]).toMatchObject({ out_incident_created: true, out_raised_from: null });
  });

  it("refuses a tenant that is not the transaction's own", async () => {
    await expect(db.withTenantClient(t2, (c) => c.query("select vigil_related_incident($1, now(), $2, $3, '{}')", [t1, randomUUID(), ["storm-user-7"]])))
      .rejects.toThrow(/is not a tenant of this transaction/);
  });
});
