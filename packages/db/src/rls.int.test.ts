import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "./client";
import type { Db } from "./client";
import { insertTenantRows } from "./rls.fixtures";
import type { TenantFixture } from "./rls.fixtures";
import { ensureEventPartitions } from "./partitions";
import { InvalidTenantIdError } from "./tenancy";
import { createTestDatabase, testDatabaseUrls } from "./testing";
import type { TestDatabase } from "./testing";

const TABLES = ["tenants", "api_tokens", "alerts", "incidents", "escalation_policies", "audit_log", "dead_letters", "events"];

describe("row-level security", { timeout: 60_000 }, () => {
  let tdb: TestDatabase;
  let db: Db;
  let superDb: Db;
  let a: TenantFixture;
  let b: TenantFixture;

  beforeAll(async () => {
    tdb = await createTestDatabase(testDatabaseUrls(process.env));
    a = await insertTenantRows(tdb.adminUrl, "a");
    b = await insertTenantRows(tdb.adminUrl, "b");
    db = createDb({ url: tdb.appUrl, max: 3 });
    superDb = createDb({ url: tdb.adminUrl, max: 2 });
  });
  afterAll(async () => {
    await db?.close();
    await superDb?.close();
    await tdb?.drop();
  });

  it("a Prisma query without a tenant filter sees only the transaction's tenant", async () => {
    const alerts = await db.withTenant(a.tenantId, (tx) => tx.alert.findMany());
    expect(alerts).toHaveLength(2);
    expect(new Set(alerts.map((x) => x.tenantId))).toEqual(new Set([a.tenantId]));
    const incidents = await db.withTenant(b.tenantId, (tx) => tx.incident.findMany({ include: { alerts: true } }));
    expect(incidents.map((i) => i.title)).toEqual(["Incident b"]);
    expect(incidents[0]?.alerts).toHaveLength(1);
    const tenants = await db.withTenant(a.tenantId, (tx) => tx.tenant.findMany());
    expect(tenants.map((t) => t.id)).toEqual([a.tenantId]);
  });

  it("raw SQL over every tenant-owned table returns only the tenant's rows", async () => {
    for (const table of TABLES) {
      const column = table === "tenants" ? "id" : "tenant_id";
      const rows = await db.withTenant(a.tenantId, (tx) => tx.$queryRawUnsafe<{ t: string }[]>(`select ${column}::text as t from ${table}`));
      expect(rows.length, table).toBeGreaterThan(0);
      expect(rows.every((r) => r.t === a.tenantId), table).toBe(true);
    }
    const events = await db.withTenant(a.tenantId, (tx) => tx.$queryRaw<{ id: string }[]>`select * from events order by id`);
    expect(events.map((e) => e.id)).toEqual(["ev-a-1", "ev-a-2", "ev-a-3"]);
  });

  it("several tenants at once see exactly the union", async () => {
    const alerts = await db.withTenant([a.tenantId, b.tenantId], (tx) => tx.alert.findMany());
    expect(alerts).toHaveLength(4);
  });

  it("no tenant set means no rows, in every tenant-owned table", async () => {
    for (const table of TABLES) {
      const inSystem = await db.withSystem((tx) => tx.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from ${table}`));
      expect(Number(inSystem[0]?.n), table).toBe(0);
      const empty = await db.withTenant([], (tx) => tx.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from ${table}`));
      expect(Number(empty[0]?.n), table).toBe(0);
      const bare = await db.pool.query<{ n: string }>(`select count(*) as n from ${table}`);
      expect(bare.rows[0]?.n, table).toBe("0");
    }
  });

  it("holds on a superuser connection too (SET LOCAL ROLE inside the transaction)", async () => {
    const alerts = await superDb.withTenant(b.tenantId, (tx) => tx.alert.findMany());
    expect(alerts.map((x) => x.tenantId)).toEqual([b.tenantId, b.tenantId]);
    const rows = await superDb.withTenantClient(b.tenantId, (c) => c.query("select current_user as u, count(*) as n from events"));
    expect(rows.rows[0]).toEqual({ u: "vigil_app", n: "3" });
  });

  it("cannot write rows for another tenant", async () => {
    const attempt = db.withTenant(a.tenantId, (tx) =>
      tx.deadLetter.create({ data: { tenantId: b.tenantId, receiver: "hec", reason: "x", raw: "x" } }),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
    const moved = await db.withTenant(a.tenantId, (tx) => tx.alert.updateMany({ data: { tenantId: b.tenantId } }).catch((e: Error) => e));
    expect(moved).toBeInstanceOf(Error);
    const touched = await db.withTenant(a.tenantId, (tx) => tx.incident.updateMany({ where: { tenantId: b.tenantId }, data: { title: "pwned" } }));
    expect(touched.count).toBe(0);
  });

  it("withTenantClient gives a raw client with the tenant set, rolled back on error", async () => {
    const rows = await db.withTenantClient(a.tenantId, (c) => c.query<{ id: string }>("select id from events order by id"));
    expect(rows.rows.map((r) => r.id)).toEqual(["ev-a-1", "ev-a-2", "ev-a-3"]);
    await expect(
      db.withTenantClient(a.tenantId, async (c) => {
        await c.query("insert into dead_letters (tenant_id, receiver, reason, raw) values ($1, 'hec', 'rolled back', 'x')", [a.tenantId]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const left = await db.withTenant(a.tenantId, (tx) => tx.deadLetter.count({ where: { reason: "rolled back" } }));
    expect(left).toBe(0);
  });

  it("rejects tenant ids that are not uuids", async () => {
    await expect(db.withTenant("not-a-uuid", async () => 1)).rejects.toThrow(InvalidTenantIdError);
    await expect(db.withTenant([a.tenantId, `${b.tenantId}' or 1=1 --`], async () => 1)).rejects.toThrow(InvalidTenantIdError);
    await expect(db.withTenantClient("x", async () => 1)).rejects.toThrow(InvalidTenantIdError);
  });

  it("the application role cannot switch RLS off, alter tables, read partitions or become someone else", async () => {
    const client = new pg.Client({ connectionString: tdb.appUrl });
    await client.connect();
    try {
      await client.query("set row_security = off");
      await expect(client.query("select * from alerts")).rejects.toThrow(/row-level security/);
      await client.query("reset row_security");
      await expect(client.query("alter table alerts disable row level security")).rejects.toThrow(/must be owner/);
      await expect(client.query("alter table alerts no force row level security")).rejects.toThrow(/must be owner/);
      await expect(client.query("drop policy tenant_isolation on alerts")).rejects.toThrow(/must be owner/);
      await expect(client.query("select * from events_default")).rejects.toThrow(/permission denied/);
      await expect(client.query("set role postgres")).rejects.toThrow(/permission denied/);
      const attrs = await client.query<{ rolbypassrls: boolean; rolsuper: boolean }>(
        "select rolbypassrls, rolsuper from pg_roles where rolname = current_user",
      );
      expect(attrs.rows[0]).toEqual({ rolbypassrls: false, rolsuper: false });
    } finally {
      await client.end();
    }
  });

  it("audit_log is append-only, even for the superuser", async () => {
    const app = new pg.Client({ connectionString: tdb.appUrl });
    const admin = new pg.Client({ connectionString: tdb.adminUrl });
    await app.connect();
    await admin.connect();
    try {
      await app.query("begin");
      await app.query("select set_config('app.tenant_ids', $1, true)", [a.tenantId]);
      await expect(app.query("update audit_log set action = 'x'")).rejects.toThrow(/permission denied/);
      await app.query("rollback");
      await expect(app.query("delete from audit_log")).rejects.toThrow(/permission denied/);
      await expect(admin.query("update audit_log set action = 'x'")).rejects.toThrow(/append-only/);
      await expect(admin.query("delete from audit_log")).rejects.toThrow(/append-only/);
      await expect(admin.query("truncate audit_log")).rejects.toThrow(/append-only/);
      const inserted = await db.withTenant(a.tenantId, (tx) => tx.auditLog.create({ data: { tenantId: a.tenantId, action: "test.c" } }));
      expect(inserted.id).toBeTypeOf("bigint");
    } finally {
      await app.end();
      await admin.end();
    }
  });

  it("the application role can add event partitions (and the call is idempotent)", async () => {
    expect(await ensureEventPartitions(db, { daysBack: -400, days: 2 })).toBe(2);
    expect(await ensureEventPartitions(db, { daysBack: -400, days: 2 })).toBe(0);
  });
});
