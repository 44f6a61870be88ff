// Named lists (values of `%name%` placeholders) against a real, migrated PostgreSQL: a rule using
// one compiles while it is empty and waits for it; filling it changes the tenant's engine set and
// bumps the change counter; bad input is refused with the field and the reason; roles; another
// tenant sees and uses nothing of it, even with raw SQL.
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
    const audited = await db.withTenant(t.a, (tx) => tx.auditLog.findMany({ where: { action: "rules.list_set" } }));
    expect(audited.map((a) => a.target)).toEqual(["list:DomainControllers"]);
  });

  it("refuses bad names and values with the field and the reason, and keeps what it had", async () => {
    await expect(setDetectionList({ db }, admin(), { name: "Domain Controllers", values: ["x"] })).rejects.toThrow(/name: "Domain Controllers" is not a list name/);
    await expect(setDetectionList({ db }, admin(), { name: "X", values: ["ok", "a\u0000b"] })).rejects.toThrow(/values\.1: control characters/);
    await expect(setDetectionList({ db }, admin(), { name: "X", values: ["y".repeat(1001)] })).rejects.toThrow(/values\.0: longer than 1000/);
    await expect(setDetectionList({ db }, admin(), { name: "X", values: Array.from({ length: 10_001 }, (_, i) => `v${i}`) })).rejects.toThrow(/at most 10000 values/);
    await expect(deleteDetectionList({ db }, admin(), "Nope")).rejects.toThrow(/no list "Nope"/);
    expect((await listDetectionLists({ db }, admin())).lists.map((l) => l.name)).toEqual(["DomainControllers"]);
  });

  it("changing lists needs ADMIN", async () => {
    const analyst: TenantContext = { ...admin(), role: "ANALYST" };
    await expect(setDetectionList({ db }, analyst, { name: "Administrators", values: ["alice"] })).rejects.toThrow(/ADMIN/);
    await expect(deleteDetectionList({ db }, analyst, "DomainControllers")).rejects.toThrow(/ADMIN/);
  });

  it("another tenant sees none of the lists and its engine gets none of the values, even with raw SQL", async () => {
    const other: TenantContext = { tenantId: t.b, userId: t.bOwner, role: "OWNER", email: "owner@lists-b.test" };
    expect((await listDetectionLists({ db }, other)).lists).toEqual([]);
    expect((await tenantEngineSources({ db }, t.b)).placeholders).toEqual({});
    await expect(deleteDetectionList({ db }, other, "DomainControllers")).rejects.toThrow(/no list/);
    const raw = await db.withTenant(t.b, (tx) => tx.$queryRaw<{ n: bigint }[]>`select count(*) as n from detection_lists`);
    expect(Number(raw[0]?.n)).toBe(0);
    await expect(db.withTenant(t.b, (tx) => tx.$executeRaw`insert into detection_lists (tenant_id, name, values) values (${t.a}::uuid, 'Planted', '{x}')`)).rejects.toThrow(/row-level security/);
    expect((await listDetectionLists({ db }, admin())).lists.map((l) => l.name)).toEqual(["DomainControllers"]);
  });

  it("deleting a list empties it again for the engine", async () => {
    await deleteDetectionList({ db }, admin(), "DomainControllers");
    const { sources, rule } = await compiled(t.a);
    expect(sources.placeholders).toEqual({});
    expect(rule?.unresolvedPlaceholders).toEqual(["Administrators", "DomainControllers"]);
  });
});
