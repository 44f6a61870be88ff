// Retention against a real PostgreSQL with a faked clock: two tenants (90 and 365 days) with
// events over 200 days, runs at now, now + 100 days and now + 300 days; exact partitions dropped,
// exact rows left per tenant, the audit trail, and that the application role cannot do any of it.
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enforceRetention, ensurePartitionsAhead } from "./index";

const DAY = 86_400_000;
const D0 = Date.parse("2026-11-27T00:00:00Z");
const NOW = new Date(D0 + 12 * 3_600_000);
const A = "aaaaaaaa-0000-4000-8000-000000000001";
const B = "bbbbbbbb-0000-4000-8000-000000000002";

let tdb: TestDatabase;
let maintenance: Db;
let app: Db;

const partitionName = (daysAgo: number) => `events_p${new Date(D0 - daysAgo * DAY).toISOString().slice(0, 10).replaceAll("-", "")}`;
/** Partition names for days D0-from .. D0-to (from >= to), oldest first. */
const partitionsAgo = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => partitionName(from - i));

async function count(tenant: string, table = "events"): Promise<number> {
  const { rows } = await maintenance.pool.query<{ n: number }>(`select count(*)::int as n from ${table} where tenant_id = $1`, [tenant]);
  return rows[0]?.n ?? -1;
}

async function partitions(): Promise<string[]> {
  const { rows } = await maintenance.pool.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'events'::regclass and c.relname ~ '^events_p[0-9]{8}$' order by 1`,
  );
  return rows.map((r) => r.name);
}

/** Two events per day per tenant at 06:00 and 18:00 UTC, `days` days back from D0 (day 0 = D0). */
async function insertDays(tenant: string, fromDaysAgo: number, toDaysAgo: number): Promise<void> {
  await maintenance.pool.query(
    `insert into events (tenant_id, ts, id, receiver, doc, raw)
     select $1::uuid, $2::timestamptz - make_interval(days => d) + make_interval(hours => h), 'e' || d || '-' || h, 'test', '{}'::jsonb, 'raw'
       from generate_series($3::int, $4::int) as d, unnest(array[6, 18]) as h`,
    [tenant, new Date(D0).toISOString(), toDaysAgo, fromDaysAgo],
  );
}

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  maintenance = createDb({ url: tdb.adminUrl, max: 2 });
  app = createDb({ url: tdb.appUrl, max: 2 });
  await maintenance.pool.query("insert into organizations (id, name) values ($1, 'Org A'), ($2, 'Org B')", [A, B]);
  await maintenance.pool.query(
    `insert into tenants (id, organization_id, name, slug, plan, retention_days)
     values ($1, $1, 'A', 'ret-a', 'pro', 90), ($2, $2, 'B', 'ret-b', 'enterprise', 365)`,
    [A, B],
  );
  // Partitions for D0-189 .. D0+7; the days D0-199 .. D0-190 have none, so they land in DEFAULT.
  await ensurePartitionsAhead({ maintenanceDb: maintenance }, { now: NOW });
  await maintenance.pool.query("select vigil_ensure_event_partitions($1::date, 189)", [new Date(D0 - 189 * DAY).toISOString().slice(0, 10)]);
  await insertDays(A, 199, 0);
  await insertDays(B, 199, 0);
  // Rejected records: A's from 100 and 10 days ago, B's from 100 days ago.
  await maintenance.pool.query(
    `insert into dead_letters (tenant_id, receiver, reason, raw, received_at)
     values ($1, 'syslog', 'r', 'a-100', $3::timestamptz - interval '100 days'), ($1, 'syslog', 'r', 'a-10', $3::timestamptz - interval '10 days'),
            ($2, 'syslog', 'r', 'b-100', $3::timestamptz - interval '100 days')`,
    [A, B, NOW.toISOString()],
  );
}, 60_000);

afterAll(async () => {
  await app?.close();
  await maintenance?.close();
  await tdb?.drop();
});

describe("enforceRetention", () => {
  it("starts with 200 days of both tenants, 10 of them in DEFAULT", async () => {
    expect([await count(A), await count(B)]).toEqual([400, 400]);
    expect([await count(A, "events_default"), await count(B, "events_default")]).toEqual([20, 20]);
    expect(await partitions()).toEqual(expect.arrayContaining(partitionsAgo(189, -7)));
  });

  it("at now: drops no partition (B keeps 365 days) and deletes exactly A's rows older than 90 days, in batches", async () => {
    const report = await enforceRetention({ maintenanceDb: maintenance }, { now: NOW, batchSize: 7 });
    expect(report.droppedPartitions).toEqual([]);
    // Days 91..199 both events, plus day 90 at 06:00 (before the 12:00 cutoff); day 90 at 18:00 stays.
    expect(report.deletedRows).toEqual({ [A]: 219 });
    // A's rejected record of 100 days ago goes too; B keeps its own (365 days).
    expect(report.deletedDeadLetters).toEqual({ [A]: 1 });
    expect([await count(A, "dead_letters"), await count(B, "dead_letters")]).toEqual([1, 1]);
    expect(report.batches).toBe(33);
    expect(report.incomplete).toBe(false);
    expect([await count(A), await count(B)]).toEqual([181, 400]);
    expect([await count(A, "events_default"), await count(B, "events_default")]).toEqual([0, 20]);
    const { rows } = await maintenance.pool.query<{ oldest: Date }>("select min(ts) as oldest from events where tenant_id = $1", [A]);
    expect(rows[0]?.oldest.toISOString()).toBe(new Date(D0 - 90 * DAY + 18 * 3_600_000).toISOString());
  });

  it("at now + 100 days: A keeps only what is younger than 90 days; B is untouched", async () => {
    const later = new Date(NOW.getTime() + 100 * DAY);
    await insertDays(A, -95, -95); // two recent events of A (no partition that far ahead: DEFAULT)
    const report = await enforceRetention({ maintenanceDb: maintenance }, { now: later });
    expect(report.droppedPartitions).toEqual([]);
    expect(report.deletedRows).toEqual({ [A]: 181 });
    expect(report.deletedDeadLetters).toEqual({ [A]: 1 });
    expect([await count(A), await count(B)]).toEqual([2, 400]);
    expect([await count(A, "dead_letters"), await count(B, "dead_letters")]).toEqual([0, 1]);
  });

  it("at now + 300 days: drops exactly the partitions older than B's 365 days and deletes the remainder", async () => {
    const later = new Date(NOW.getTime() + 300 * DAY);
    const report = await enforceRetention({ maintenanceDb: maintenance }, { now: later });
    // Cutoff D0-65 12:00: every partition whose day ended by then (D0-189 .. D0-66) goes.
    expect(report.droppedPartitions.map((p) => p.partition)).toEqual(partitionsAgo(189, 66));
    expect(report.droppedPartitions[0]).toMatchObject({ day: new Date(D0 - 189 * DAY).toISOString().slice(0, 10) });
    // B: 10 DEFAULT days (20 rows) + day 65 at 06:00; A: its two events of D0+95.
    expect(report.deletedRows).toEqual({ [A]: 2, [B]: 21 });
    expect(report.deletedDeadLetters).toEqual({ [B]: 1 });
    expect([await count(A), await count(B)]).toEqual([0, 131]);
    const left = await partitions();
    expect(left).not.toContain(partitionName(66));
    expect(left).toContain(partitionName(65));
  });

  it("audits every run, and the drop with its partitions", async () => {
    const { rows } = await maintenance.pool.query<{ action: string; details: { partitions?: unknown[]; deletedRows?: Record<string, number>; deletedDeadLetters?: Record<string, number> } }>(
      "select action, details from audit_log where tenant_id is null and action like 'retention.%' order by id",
    );
    expect(rows.map((r) => r.action)).toEqual(["retention.run", "retention.run", "retention.partitions_dropped", "retention.run"]);
    expect(rows[2]?.details.partitions).toHaveLength(124);
    expect(rows[3]?.details.deletedRows).toEqual({ [A]: 2, [B]: 21 });
    expect(rows[3]?.details.deletedDeadLetters).toEqual({ [B]: 1 });
  });

  it("rejects a bad clock or batch size", async () => {
    await expect(enforceRetention({ maintenanceDb: maintenance }, { now: new Date("nope") })).rejects.toThrow(/now must be a valid date/);
    await expect(enforceRetention({ maintenanceDb: maintenance }, { now: NOW, batchSize: 0 })).rejects.toThrow(/batchSize/);
  });

  it("is out of the application role's reach", async () => {
    const target = partitionName(10);
    await expect(app.pool.query("select * from vigil_drop_expired_event_partitions(now() + interval '10 years')")).rejects.toThrow(/permission denied/);
    await expect(app.pool.query("select * from vigil_delete_expired_events(now() + interval '10 years', 10)")).rejects.toThrow(/permission denied/);
    await expect(app.pool.query("select * from vigil_delete_expired_dead_letters(now() + interval '10 years', 10)")).rejects.toThrow(/permission denied/);
    await expect(app.pool.query(`drop table ${target}`)).rejects.toThrow(/must be owner/);
    expect(await partitions()).toContain(target);
    expect(await count(B)).toBe(131);
  });
});

describe("ensurePartitionsAhead", () => {
  it("creates yesterday to 7 days ahead once, then nothing", async () => {
    const far = new Date(NOW.getTime() + 400 * DAY);
    const first = await ensurePartitionsAhead({ maintenanceDb: maintenance }, { now: far });
    expect(first).toEqual({ created: 9, through: new Date(D0 + 407 * DAY).toISOString().slice(0, 10) });
    expect(await partitions()).toEqual(expect.arrayContaining(partitionsAgo(-399, -407)));
    expect(await ensurePartitionsAhead({ maintenanceDb: maintenance }, { now: far })).toMatchObject({ created: 0 });
  });
});
