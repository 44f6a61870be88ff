// Named lists (values of `%name%` placeholders) against a real, migrated PostgreSQL: a rule using
// one compiles while it is empty and waits for it; filling it changes the tenant's engine set and
// bumps the change counter; bad input is refused with the field and the reason; roles; an MSSP's
// organization list reaches its tenants (a tenant's own list replaces it) and no other
// organization; another tenant sees and uses nothing of it, even with raw SQL.
import { loadRules } from "@vigil/detection";
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import type { TenantContext } from "../context";
import { currentRulesVersion, tenantEngineSources } from "./effective";
import { importRulePack } from "./import-rule-pack";
import { deleteDetectionList, listDetectionLists, setDetectionList } from "./lists";

const DC_LOGON = `title: Logon to a domain controller by a non-admin
id: 7d0e63a2-7a43-4b8f-9d61-0c1a1f9a3b11
logsource: {product: windows, service: security}
level: high
detection:
  selection:
    EventID: 4624
    Computer|expand: '%DomainControllers%'
  admins:
    TargetUserName|expand: '%Administrators%'
  condition: selection and not admins
`;

describe("named lists for rule placeholders", { timeout: 120_000 }, () => {
  let tdb: TestDatabase;
  let db: Db;
  const t = { a: "", b: "", aOwner: "", bOwner: "" };
  const admin = (): TenantContext => ({ tenantId: t.a, userId: t.aOwner, role: "ADMIN", email: "owner@lists-a.test" });

  beforeAll(async () => {
    tdb = await createTestDatabase(testDatabaseUrls(process.env));
    db = createDb({ url: tdb.appUrl, max: 3 });
    const a = await signUp({ db }, { email: "owner@lists-a.test", password: "lists-password-1", name: "A", organizationName: "Lists A" });
    const b = await signUp({ db }, { email: "owner@lists-b.test", password: "lists-password-1", name: "B", organizationName: "Lists B" });
    Object.assign(t, { a: a.tenant.id, b: b.tenant.id, aOwner: a.user.id, bOwner: b.user.id });
    await importRulePack({ db }, admin(), { scope: "TENANT", name: "dc-rules", files: [{ path: "dc-logon.yml", text: DC_LOGON }] });
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.drop();
  });

  const compiled = async (tenantId: string) => {
    const sources = await tenantEngineSources({ db }, tenantId);
    const set = loadRules(sources.sources, { placeholders: sources.placeholders });
    return { sources, set, rule: set.rules.find((r) => r.title.startsWith("Logon to a domain controller")) };
  };

  it("a rule using unfilled lists compiles, waits for them, and the portal lists them as used", async () => {
    const { set, rule } = await compiled(t.a);
    expect(set.errors).toEqual([]);
    expect(rule?.unresolvedPlaceholders).toEqual(["Administrators", "DomainControllers"]);
    const view = await listDetectionLists({ db }, admin());
    expect(view.lists).toEqual([]);
    expect(view.used.map((u) => [u.name, u.filled, u.rules.map((r) => r.title)])).toEqual([
      ["Administrators", false, ["Logon to a domain controller by a non-admin"]],
      ["DomainControllers", false, ["Logon to a domain controller by a non-admin"]],
    ]);
  });

  it("filling a list changes the engine set (new hash, values passed), bumps the counter and is audited", async () => {
    const before = await compiled(t.a);
    const version = await currentRulesVersion({ db });
    const saved = await setDetectionList({ db }, admin(), { name: "DomainControllers", values: [" dc0* ", "dc0*", "", "DC-EDGE"], description: "Our DCs" });
    expect(saved).toMatchObject({ name: "DomainControllers", values: ["dc0*", "DC-EDGE"], description: "Our DCs", updatedBy: "owner@lists-a.test" });
    expect(await currentRulesVersion({ db })).toBeGreaterThan(version);
    const after = await compiled(t.a);
    expect(after.sources.hash).not.toBe(before.sources.hash);
    expect(after.sources.placeholders).toEqual({ DomainControllers: ["dc0*", "DC-EDGE"] });
    expect(after.rule?.unresolvedPlaceholders).toEqual(["Administrators"]);
    const view = await listDetectionLists({ db }, admin());
    expect(view.used.find((u) => u.name === "DomainControllers")?.filled).toBe(true);
    // Saving again replaces the values (one list per owner and name).
    await setDetectionList({ db }, admin(), { name: "DomainControllers", values: ["dc0*", "DC-EDGE"], description: "Our DCs" });
    expect((await listDetectionLists({ db }, admin())).lists.map((l) => [l.name, l.values])).toEqual([["DomainControllers", ["dc0*", "DC-EDGE"]]]);
    const audited = await db.withTenant(t.a, (tx) => tx.auditLog.findMany({ where: { action: "rules.list_set" } }));
    expect(audited.map((a) => a.target)).toEqual(["tenant:list:DomainControllers", "tenant:list:DomainControllers"]);
  });

  it("refuses bad names and values with the field and the reason, and keeps what it had", async () => {
    await expect(setDetectionList({ db }, admin(), { name: "Domain Controllers", values: ["x"] })).rejects.toThrow(/name: "Domain Controllers" is not a list name/);
    await expect(setDetectionList({ db }, admin(), { name: "X", values: ["ok", "a\u0000b"] })).rejects.toThrow(/values\.1: control characters/);
    await expect(setDetectionList({ db }, admin(), { name: "X", values: ["y".repeat(1001)] })).rejects.toThrow(/values\.0: longer than 1000/);
    await expect(setDetectionList({ db }, admin(), { name: "X", values: Array.from({ length: 10_001 }, (_, i) => `v${i}`) })).rejects.toThrow(/at most 10000 values/);
    await expect(deleteDetectionList({ db }, admin(), { name: "Nope" })).rejects.toThrow(/no list "Nope" in this tenant/);
    expect((await listDetectionLists({ db }, admin())).lists.map((l) => l.name)).toEqual(["DomainControllers"]);
  });

  it("changing lists needs ADMIN", async () => {
    const analyst: TenantContext = { ...admin(), role: "ANALYST" };
    await expect(setDetectionList({ db }, analyst, { name: "Administrators", values: ["alice"] })).rejects.toThrow(/ADMIN/);
    await expect(deleteDetectionList({ db }, analyst, { name: "DomainControllers" })).rejects.toThrow(/ADMIN/);
    // A direct customer's owner has no organization-wide ADMIN membership: no organization lists.
    await expect(setDetectionList({ db }, admin(), { scope: "ORGANIZATION", name: "Administrators", values: ["alice"] })).rejects.toThrow(/organization-wide ADMIN/);
  });

  it("another tenant sees none of the lists and its engine gets none of the values, even with raw SQL", async () => {
    const other: TenantContext = { tenantId: t.b, userId: t.bOwner, role: "OWNER", email: "owner@lists-b.test" };
    expect((await listDetectionLists({ db }, other)).lists).toEqual([]);
    expect((await tenantEngineSources({ db }, t.b)).placeholders).toEqual({});
    await expect(deleteDetectionList({ db }, other, { name: "DomainControllers" })).rejects.toThrow(/no list/);
    const raw = await db.withTenant(t.b, (tx) => tx.$queryRaw<{ n: bigint }[]>`select count(*) as n from detection_lists`);
    expect(Number(raw[0]?.n)).toBe(0);
    await expect(db.withTenant(t.b, (tx) => tx.$executeRaw`insert into detection_lists (scope, tenant_id, name, values) values ('TENANT', ${t.a}::uuid, 'Planted', '{x}')`)).rejects.toThrow(/row-level security/);
    await expect(db.withTenant(t.b, (tx) => tx.$executeRaw`insert into detection_lists (scope, name, values) values ('GLOBAL', 'Planted', '{x}')`)).rejects.toThrow(/row-level security|detection_lists_owner/);
    expect((await listDetectionLists({ db }, admin())).lists.map((l) => l.name)).toEqual(["DomainControllers"]);
  });

  it("deleting a list empties it again for the engine", async () => {
    await deleteDetectionList({ db }, admin(), { name: "DomainControllers" });
    const { sources, rule } = await compiled(t.a);
    expect(sources.placeholders).toEqual({});
    expect(rule?.unresolvedPlaceholders).toEqual(["Administrators", "DomainControllers"]);
  });

  it("an MSSP's organization list reaches every tenant of it, a tenant's own list replaces it, no other organization sees it", async () => {
    const [c1, c2] = [crypto.randomUUID(), crypto.randomUUID()];
    const ids = { org: "", orgAdmin: "", c1Admin: "" };
    await db.withTenant([c1, c2], async (tx) => {
      const org = await tx.organization.create({ data: { name: "Lists MSSP", kind: "MSSP" } });
      await tx.tenant.create({ data: { id: c1, organizationId: org.id, name: "Client 1", slug: "lists-client-1" } });
      await tx.tenant.create({ data: { id: c2, organizationId: org.id, name: "Client 2", slug: "lists-client-2" } });
      const orgAdmin = await tx.user.create({ data: { email: "admin@lists-mssp.test", name: "A", passwordHash: "x" } });
      const c1Admin = await tx.user.create({ data: { email: "it@lists-client-1.test", name: "I", passwordHash: "x" } });
      await tx.membership.create({ data: { userId: orgAdmin.id, organizationId: org.id, tenantId: null, role: "ADMIN" } });
      await tx.membership.create({ data: { userId: c1Admin.id, organizationId: org.id, tenantId: c1, role: "ADMIN" } });
      Object.assign(ids, { org: org.id, orgAdmin: orgAdmin.id, c1Admin: c1Admin.id });
    });
    const mssp: TenantContext = { tenantId: c1, userId: ids.orgAdmin, role: "ADMIN", email: "admin@lists-mssp.test" };
    const c1Admin: TenantContext = { tenantId: c1, userId: ids.c1Admin, role: "ADMIN", email: "it@lists-client-1.test" };

    // A tenant ADMIN cannot write the organization's level.
    await expect(setDetectionList({ db }, c1Admin, { scope: "ORGANIZATION", name: "Legitimate_Countries", values: ["FR"] })).rejects.toThrow(/organization-wide ADMIN/);
    const saved = await setDetectionList({ db }, mssp, { scope: "ORGANIZATION", name: "Legitimate_Countries", values: ["FR", "DE"] });
    expect(saved).toMatchObject({ scope: "ORGANIZATION", values: ["FR", "DE"] });
    for (const tenantId of [c1, c2]) expect((await tenantEngineSources({ db }, tenantId)).placeholders).toEqual({ Legitimate_Countries: ["FR", "DE"] });
    expect((await tenantEngineSources({ db }, t.a)).placeholders).toEqual({});

    // Client 1 replaces it with its own; client 2 keeps the organization's.
    await setDetectionList({ db }, c1Admin, { name: "Legitimate_Countries", values: ["FR", "DE", "CH"] });
    expect((await tenantEngineSources({ db }, c1)).placeholders).toEqual({ Legitimate_Countries: ["FR", "DE", "CH"] });
    expect((await tenantEngineSources({ db }, c2)).placeholders).toEqual({ Legitimate_Countries: ["FR", "DE"] });
    const view = await listDetectionLists({ db }, c1Admin);
    expect(view.lists.map((l) => [l.scope, l.name, l.overridden])).toEqual([["ORGANIZATION", "Legitimate_Countries", true], ["TENANT", "Legitimate_Countries", false]]);
    expect((await listDetectionLists({ db }, { tenantId: c2, role: "VIEWER" })).lists.map((l) => [l.scope, l.overridden])).toEqual([["ORGANIZATION", false]]);

    // Deleting the tenant's own list falls back to the organization's; another organization saw nothing.
    await deleteDetectionList({ db }, c1Admin, { name: "Legitimate_Countries" });
    expect((await tenantEngineSources({ db }, c1)).placeholders).toEqual({ Legitimate_Countries: ["FR", "DE"] });
    expect((await listDetectionLists({ db }, admin())).lists.some((l) => l.name === "Legitimate_Countries")).toBe(false);
    await deleteDetectionList({ db }, mssp, { scope: "ORGANIZATION", name: "Legitimate_Countries" });
    expect((await tenantEngineSources({ db }, c2)).placeholders).toEqual({});
  });
});
