import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import { AppError } from "../errors";
import { assertTenantAccess } from "./assertTenantAccess";
import { listAccessibleTenants } from "./listAccessibleTenants";

describe("tenancy: memberships and MSSP org-wide access", { timeout: 60_000 }, () => {
  let tdb: TestDatabase;
  let db: Db;
  const ids = { mssp: "", t1: "", t2: "", other: "", analyst: "", mixed: "", disabled: "" };

  beforeAll(async () => {
    tdb = await createTestDatabase(testDatabaseUrls(process.env));
    db = createDb({ url: tdb.appUrl, max: 3 });
    const other = await signUp({ db }, { email: "owner@other.test", password: "other-password-1", name: "O", organizationName: "Other Co" });
    ids.other = other.tenant.id;
    const t1 = crypto.randomUUID();
    const t2 = crypto.randomUUID();
    await db.withTenant([t1, t2], async (tx) => {
      const org = await tx.organization.create({ data: { name: "Shield MSSP", kind: "MSSP" } });
      ids.mssp = org.id;
      await tx.tenant.create({ data: { id: t1, organizationId: org.id, name: "Client One", slug: "client-one" } });
      await tx.tenant.create({ data: { id: t2, organizationId: org.id, name: "Client Two", slug: "client-two" } });
      for (const [tenantId, n] of [[t1, 2], [t2, 3]] as const) {
        for (let i = 0; i < n; i++) {
          await tx.alert.create({
            data: { tenantId, ruleId: `r${i}`, ruleTitle: "R", severity: "LOW", groupKey: "g", firstSeen: new Date(), lastSeen: new Date() },
          });
        }
      }
      const mk = (email: string, disabledAt: Date | null = null) => tx.user.create({ data: { email, name: email, passwordHash: "x", disabledAt } });
      const analyst = await mk("analyst@shield.test");
      const mixed = await mk("lead@shield.test");
      const disabled = await mk("gone@shield.test", new Date());
      Object.assign(ids, { t1, t2, analyst: analyst.id, mixed: mixed.id, disabled: disabled.id });
      await tx.membership.createMany({
        data: [
          { userId: analyst.id, organizationId: org.id, tenantId: null, role: "ANALYST" },
          { userId: mixed.id, organizationId: org.id, tenantId: null, role: "VIEWER" },
          { userId: mixed.id, organizationId: org.id, tenantId: t1, role: "ADMIN" },
          { userId: disabled.id, organizationId: org.id, tenantId: null, role: "ADMIN" },
        ],
      });
    });
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.drop();
  });

  it("an org-wide ANALYST gets exactly the organization's tenants, not another org's", async () => {
    const tenants = await listAccessibleTenants({ db }, ids.analyst);
    expect(tenants.map((t) => t.tenantId).sort()).toEqual([ids.t1, ids.t2].sort());
    expect(tenants.every((t) => t.role === "ANALYST" && t.via === "organization" && t.organizationKind === "MSSP")).toBe(true);
    expect(tenants.map((t) => t.tenantSlug)).toEqual(["client-one", "client-two"]);
    expect(tenants.some((t) => t.tenantId === ids.other)).toBe(false);
  });

  it("withTenant over those tenants sees exactly their rows", async () => {
    const tenantIds = (await listAccessibleTenants({ db }, ids.analyst)).map((t) => t.tenantId);
    const alerts = await db.withTenant(tenantIds, (tx) => tx.alert.findMany());
    expect(alerts).toHaveLength(5);
    expect(new Set(alerts.map((a) => a.tenantId))).toEqual(new Set([ids.t1, ids.t2]));
    const names = await db.withTenant(tenantIds, (tx) => tx.tenant.findMany({ select: { name: true }, orderBy: { name: "asc" } }));
    expect(names.map((n) => n.name)).toEqual(["Client One", "Client Two"]);
  });

  it("the strongest of an org-wide and a tenant membership wins", async () => {
    const tenants = await listAccessibleTenants({ db }, ids.mixed);
    const byId = new Map(tenants.map((t) => [t.tenantId, t]));
    expect(byId.get(ids.t1)).toMatchObject({ role: "ADMIN", via: "tenant" });
    expect(byId.get(ids.t2)).toMatchObject({ role: "VIEWER", via: "organization" });
  });

  it("assertTenantAccess returns the role or throws FORBIDDEN", async () => {
    expect(await assertTenantAccess({ db }, ids.analyst, ids.t2)).toBe("ANALYST");
    const denied = await assertTenantAccess({ db }, ids.analyst, ids.other).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AppError);
    expect((denied as AppError).code).toBe("FORBIDDEN");
    await expect(assertTenantAccess({ db }, ids.analyst, "not-a-uuid")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("disabled or unknown users have no tenants", async () => {
    expect(await listAccessibleTenants({ db }, ids.disabled)).toEqual([]);
    expect(await listAccessibleTenants({ db }, crypto.randomUUID())).toEqual([]);
    expect(await listAccessibleTenants({ db }, "nope")).toEqual([]);
  });
});
