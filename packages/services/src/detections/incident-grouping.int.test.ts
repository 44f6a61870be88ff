// Incident grouping at volume, against PostgreSQL with RLS: one detection batch raising thousands
// of alerts over distinct accounts (a brute-force storm, a UEBA storm) is recorded in one
// transaction, each alert's lookup for a related incident reading only the alerts that share one
// of its entities (GIN indexes), not every alert of the tenant in the window.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createDb, type Db } from "@vigil/db";
import type { DetectionMatch } from "@vigil/detection";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordDetections } from "./record-detections";

let admin: Db;
let db: Db;
const tenantA = randomUUID();
const tenantB = randomUUID();
const STORM = 2_000;

async function createTenant(id: string): Promise<void> {
  const org = randomUUID();
  await admin.pool.query("insert into organizations (id, name) values ($1, 'Org')", [org]);
  await admin.pool.query("insert into tenants (id, organization_id, name, slug) values ($1, $2, 'T', $3)", [id, org, `grouping-${id}`]);
}

const at = new Date(Date.now() - 60_000).toISOString();
function match(user: string, ip?: string): DetectionMatch {
  return {
    kind: "correlation", ruleId: "brute-force-storm", ruleTitle: "Brute force", level: "high", severity: "HIGH", tactics: ["credential-access"], techniques: ["T1110"],
    groupKey: `user.name=${user}`, firstSeen: at, lastSeen: at, eventIds: [randomUUID()], entities: { user: [user], host: [], ip: ip ? [ip] : [], file: [] },
  };
}

beforeAll(async () => {
  execFileSync("npm", ["run", "--silent", "db:migrate"], { cwd: fileURLToPath(new URL("../../../..", import.meta.url)), stdio: "inherit" });
  const adminUrl = process.env.DATABASE_ADMIN_URL;
  if (!adminUrl) throw new Error("DATABASE_ADMIN_URL is required for integration tests");
  admin = createDb({ url: adminUrl, max: 2 });
  db = createDb({ max: 4 });
  await createTenant(tenantA);
  await createTenant(tenantB);
}, 60_000);

afterAll(async () => {
  await db?.close();
  await admin?.close();
});

describe("incident grouping at volume", () => {
  it("records a storm of alerts over distinct accounts in one batch, then groups by shared entity within the tenant only", async () => {
    const storm = Array.from({ length: STORM }, (_, i) => match(`storm-user-${i}`));
    const recorded = await recordDetections({ db }, tenantA, storm);
    expect(recorded.alerts).toHaveLength(STORM);
    expect(recorded.newIncidents).toHaveLength(STORM);
    const incidentOf = new Map(recorded.alerts.map((a) => [a.ruleId === "brute-force-storm" ? a.id : "", a.incidentId]));
    expect(new Set(incidentOf.values()).size).toBe(STORM);

    // Another rule naming account 1234 from a new address joins that account's incident.
    const follow = await recordDetections({ db }, tenantA, [{ ...match("storm-user-1234", "203.0.113.9"), ruleId: "login-after-storm", groupKey: "g" }]);
    const joined = recorded.alerts.find((a) => a.incidentId !== null && follow.alerts[0]?.incidentId === a.incidentId);
    expect(follow.newIncidents).toEqual([]);
    expect(joined).toBeDefined();
    // The same account in another tenant opens that tenant's own incident.
    const other = await recordDetections({ db }, tenantB, [match("storm-user-1234")]);
    expect(other.newIncidents).toHaveLength(1);
    expect(other.alerts[0]?.incidentId).not.toBe(follow.alerts[0]?.incidentId);
  }, 120_000);

  it("finds the alerts sharing an entity through the entity indexes, not by reading the tenant's alerts", async () => {
    await admin.pool.query("analyze alerts");
    const scans = await db.withTenantClient(tenantA, async (c) => {
      const found = await c.query<{ id: string | null }>("select vigil_related_incident($1, $2, $3, $4, $5) as id", [tenantA, new Date(Date.now() - 3_600_000), randomUUID(), ["storm-user-7"], []]);
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

  it("refuses a tenant that is not the transaction's own", async () => {
    await expect(db.withTenantClient(tenantB, (c) => c.query("select vigil_related_incident($1, now(), $2, $3, '{}')", [tenantA, randomUUID(), ["storm-user-7"]])))
      .rejects.toThrow(/is not a tenant of this transaction/);
  });
});
