// Ingest quota overrides against a real, migrated PostgreSQL: who may set them, bounds, the audit
// trail, what the ingest processes read (vigil_ingest_quotas as vigil_app), and tenant isolation.
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import type { TenantContext } from "../context";
import { getIngestQuota, ingestQuotaOverrides, setIngestQuota, setIngestQuotaAsOwner } from "./ingest-quota";

describe("ingest quota overrides", { timeout: 60_000 }, () => {
  let tdb: TestDatabase;
  let db: Db;
  let owner: Db;
  const ids = { t1: "", t2: "", direct: "", directOwner: "", orgAdmin: "", tenantAdmin: "", orgAnalyst: "", disabled: "" };
  const ctx = (tenantId: string, userId: string, role: TenantContext["role"] = "ADMIN"): TenantContext => ({ tenantId, userId, role, email: "someone@shield.test" });

  beforeAll(async () => {
    tdb = await createTestDatabase(testDatabaseUrls(process.env));
    db = createDb({ url: tdb.appUrl, max: 3 });
    owner = createDb({ url: tdb.adminUrl, max: 1 });
    const direct = await signUp({ db }, { email: "owner@direct.test", password: "direct-password-1", name: "D", organizationName: "Direct Co" });
    Object.assign(ids, { direct: direct.tenant.id, directOwner: direct.user.id });
    const [t1, t2] = [crypto.randomUUID(), crypto.randomUUID()];
    await db.withTenant([t1, t2], async (tx) => {
      const org = await tx.organization.create({ data: { name: "Shield MSSP", kind: "MSSP" } });
      await tx.tenant.create({ data: { id: t1, organizationId: org.id, name: "Client One", slug: "quota-client-one" } });
      await tx.tenant.create({ data: { id: t2, organizationId: org.id, name: "Client Two", slug: "quota-client-two" } });
      const mk = (email: string, disabledAt: Date | null = null) => tx.user.create({ data: { email, name: email, passwordHash: "x", disabledAt } });
      const [orgAdmin, tenantAdmin, orgAnalyst, disabled] = [await mk("admin@shield.test"), await mk("it@client-one.test"), await mk("analyst@shield.test"), await mk("gone@shield.test", new Date())];
      Object.assign(ids, { t1, t2, orgAdmin: orgAdmin.id, tenantAdmin: tenantAdmin.id, orgAnalyst: orgAnalyst.id, disabled: disabled.id });
      await tx.membership.createMany({
        data: [
          { userId: orgAdmin.id, organizationId: org.id, tenantId: null, role: "ADMIN" },
          { userId: tenantAdmin.id, organizationId: org.id, tenantId: t1, role: "OWNER" },
          { userId: orgAnalyst.id, organizationId: org.id, tenantId: null, role: "ANALYST" },
          { userId: disabled.id, organizationId: org.id, tenantId: null, role: "ADMIN" },
        ],
      });
    });
  });
  afterAll(async () => {
    await db?.close();
    await owner?.close();
    await tdb?.drop();
  });

  it("starts with no override; only the MSSP's organization administrators may edit", async () => {
    expect(await getIngestQuota({ db }, ctx(ids.t1, ids.orgAdmin))).toEqual({ eventsPerSecond: null, bytesPerSecond: null, canEdit: true });
    for (const userId of [ids.tenantAdmin, ids.orgAnalyst, ids.disabled]) {
      expect((await getIngestQuota({ db }, ctx(ids.t1, userId))).canEdit).toBe(false);
      await expect(setIngestQuota({ db }, ctx(ids.t1, userId), { eventsPerSecond: 10, bytesPerSecond: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    // A direct customer's own owner does not raise their own quota: the operator does.
    expect((await getIngestQuota({ db }, ctx(ids.direct, ids.directOwner, "OWNER"))).canEdit).toBe(false);
    await expect(setIngestQuota({ db }, ctx(ids.direct, ids.directOwner, "OWNER"), { eventsPerSecond: 10, bytesPerSecond: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // An MSSP administrator cannot reach another organization's tenant through it.
    await expect(setIngestQuota({ db }, ctx(ids.direct, ids.orgAdmin), { eventsPerSecond: 10, bytesPerSecond: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await ingestQuotaOverrides({ db })).toEqual(new Map());
  });

  it("sets, audits and clears a client tenant's override; the ingest processes read it, for that tenant only", async () => {
    await setIngestQuota({ db }, ctx(ids.t1, ids.orgAdmin), { eventsPerSecond: 2500, bytesPerSecond: 4 * 1024 * 1024 });
    expect(await getIngestQuota({ db }, ctx(ids.t1, ids.tenantAdmin))).toEqual({ eventsPerSecond: 2500, bytesPerSecond: 4194304, canEdit: false });
    expect(await getIngestQuota({ db }, ctx(ids.t2, ids.orgAdmin))).toMatchObject({ eventsPerSecond: null, bytesPerSecond: null });
    expect(await ingestQuotaOverrides({ db })).toEqual(new Map([[ids.t1, { eventsPerSecond: 2500, bytesPerSecond: 4194304 }]]));
    const audit = await db.withTenant(ids.t1, (tx) => tx.auditLog.findMany({ where: { action: "tenant.ingest_quota" } }));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: ids.orgAdmin, target: ids.t1, details: { before: { eventsPerSecond: null, bytesPerSecond: null }, after: { eventsPerSecond: 2500, bytesPerSecond: 4194304 } } });
    // The other tenants' transactions see neither the row nor its audit entry.
    expect(await db.withTenant(ids.t2, (tx) => tx.auditLog.count({ where: { action: "tenant.ingest_quota" } }))).toBe(0);
    expect(await db.withTenant(ids.t2, (tx) => tx.tenant.findUnique({ where: { id: ids.t1 } }))).toBeNull();
    await setIngestQuota({ db }, ctx(ids.t1, ids.orgAdmin), { eventsPerSecond: null, bytesPerSecond: null });
    expect(await ingestQuotaOverrides({ db })).toEqual(new Map());
  });

  it("refuses values out of bounds with the field and the range, changing nothing", async () => {
    for (const [quota, field] of [
      [{ eventsPerSecond: 0, bytesPerSecond: null }, "eventsPerSecond"],
      [{ eventsPerSecond: 1.5, bytesPerSecond: null }, "eventsPerSecond"],
      [{ eventsPerSecond: 20_000_000, bytesPerSecond: null }, "eventsPerSecond"],
      [{ eventsPerSecond: null, bytesPerSecond: 100 }, "bytesPerSecond"],
      [{ eventsPerSecond: null, bytesPerSecond: Number.NaN }, "bytesPerSecond"],
    ] as const) {
      await expect(setIngestQuota({ db }, ctx(ids.t2, ids.orgAdmin), quota)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining(`${field}: must be a whole number from`) });
    }
    expect(await getIngestQuota({ db }, ctx(ids.t2, ids.orgAdmin))).toMatchObject({ eventsPerSecond: null, bytesPerSecond: null });
  });

  it("lets the operator set any tenant's override by slug, audited as the operator", async () => {
    const slug = (await owner.pool.query<{ slug: string }>("SELECT slug FROM tenants WHERE id = $1", [ids.direct])).rows[0]!.slug;
    expect(await setIngestQuotaAsOwner(owner, slug, { eventsPerSecond: 500, bytesPerSecond: null })).toEqual({ tenantId: ids.direct, quota: { eventsPerSecond: 500, bytesPerSecond: null } });
    expect((await ingestQuotaOverrides({ db })).get(ids.direct)).toEqual({ eventsPerSecond: 500, bytesPerSecond: null });
    expect(await db.withTenant(ids.direct, (tx) => tx.auditLog.findFirst({ where: { action: "tenant.ingest_quota" } }))).toMatchObject({ actorEmail: "operator (vigil tenants quota)" });
    await expect(setIngestQuotaAsOwner(owner, "no-such-tenant", { eventsPerSecond: 1, bytesPerSecond: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
