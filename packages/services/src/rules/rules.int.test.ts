// Rule management against a real, migrated PostgreSQL: versioned imports at three levels,
// inheritance global -> MSSP organization -> tenant, roles, and row-level security.
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import type { TenantContext } from "../context";
import { currentRulesVersion, tenantEngineSources } from "./effective";
import { ADMIN_CREATED, BROKEN, FAILED_LOGON } from "./fixtures.test-data";
import { importRulePack, importRulePackAsOwner } from "./import-rule-pack";
import { listEffectiveRules, listRuleVersions } from "./list-rules";
import { overrideRule, setRuleEnabled } from "./rule-settings";

const LOGON_ID = "0e7a1a52-0c1c-4b8e-9d53-7f7f1f4c1a01";
const ADMIN_ID = "0e7a1a52-0c1c-4b8e-9d53-7f7f1f4c1a02";
const AUDIT_CLEARED = "Windows audit log cleared"; // a built-in rule title prefix, looked up by title below

describe("rule management: import, version, inherit", { timeout: 120_000 }, () => {
  let tdb: TestDatabase;
  let db: Db;
  let owner: Db;
  const ids = { org: "", t1: "", t2: "", other: "", orgAdmin: "", t1Admin: "", analyst: "" };
  const ctx = (tenantId: string, userId: string, role: TenantContext["role"]): TenantContext => ({ tenantId, userId, role, email: `${role}@test` });
  let builtinId = "";

  beforeAll(async () => {
    tdb = await createTestDatabase(testDatabaseUrls(process.env));
    db = createDb({ url: tdb.appUrl, max: 3 });
    owner = createDb({ url: tdb.adminUrl, max: 2 });
    const other = await signUp({ db }, { email: "owner@other.test", password: "other-password-1", name: "O", organizationName: "Other Co" });
    ids.other = other.tenant.id;
    const t1 = crypto.randomUUID();
    const t2 = crypto.randomUUID();
    await db.withTenant([t1, t2], async (tx) => {
      const org = await tx.organization.create({ data: { name: "Shield MSSP", kind: "MSSP" } });
      await tx.tenant.create({ data: { id: t1, organizationId: org.id, name: "Client One", slug: "rules-client-one" } });
      await tx.tenant.create({ data: { id: t2, organizationId: org.id, name: "Client Two", slug: "rules-client-two" } });
      const mk = (email: string) => tx.user.create({ data: { email, name: email, passwordHash: "x" } });
      const [orgAdmin, t1Admin, analyst] = [await mk("admin@shield.test"), await mk("it@client-one.test"), await mk("analyst@shield.test")];
      await tx.membership.createMany({
        data: [
          { userId: orgAdmin.id, organizationId: org.id, tenantId: null, role: "ADMIN" },
          { userId: t1Admin.id, organizationId: org.id, tenantId: t1, role: "ADMIN" },
          { userId: analyst.id, organizationId: org.id, tenantId: null, role: "ANALYST" },
        ],
      });
      Object.assign(ids, { org: org.id, t1, t2, orgAdmin: orgAdmin.id, t1Admin: t1Admin.id, analyst: analyst.id });
    });
    const list = await listEffectiveRules({ db }, ctx(ids.t1, ids.analyst, "ANALYST"));
    builtinId = list.rules.find((r) => r.title.startsWith(AUDIT_CLEARED))?.ruleId ?? "";
  });
  afterAll(async () => {
    await db?.close();
    await owner?.close();
    await tdb?.drop();
  });

  const effective = async (tenantId: string) => (await listEffectiveRules({ db }, ctx(tenantId, ids.analyst, "ANALYST"))).rules;
  const rule = async (tenantId: string, ruleId: string) => (await effective(tenantId)).find((r) => r.ruleId === ruleId);

  it("with nothing configured, every tenant gets the built-in pack as the global level", async () => {
    const rules = await effective(ids.other);
    expect(builtinId).not.toBe("");
    expect(rules.length).toBeGreaterThan(10);
    expect(rules.every((r) => r.definedAt === "GLOBAL" && r.pack === "vigil-builtin" && r.enabled.value)).toBe(true);
    expect(rules.map((r) => r.title)).toContain("Login from a new country followed by mass download");
  });

  it("a tenant import is validated (failures reported, not stored) and versioned by content", async () => {
    const admin = ctx(ids.t1, ids.t1Admin, "ADMIN");
    const first = await importRulePack({ db }, admin, { scope: "TENANT", name: "client-rules", files: [{ path: "logon.yml", text: FAILED_LOGON }, { path: "broken.yml", text: BROKEN }] });
    expect(first).toMatchObject({ unchanged: false, imported: 1, pack: { version: 1, scope: "TENANT", ruleCount: 1 } });
    expect(first.failed).toEqual([{ file: "broken.yml", reason: expect.stringMatching(/nosuchmodifier/) }]);
    const same = await importRulePack({ db }, admin, { scope: "TENANT", name: "client-rules", files: [{ path: "logon.yml", text: FAILED_LOGON }] });
    expect(same).toMatchObject({ unchanged: true, pack: { version: 1 } });
    const second = await importRulePack({ db }, admin, { scope: "TENANT", name: "client-rules", files: [{ path: "logon.yml", text: FAILED_LOGON }, { path: "admin.yml", text: ADMIN_CREATED }] });
    expect(second).toMatchObject({ unchanged: false, imported: 2, pack: { version: 2 } });
    const versions = (await listRuleVersions({ db }, admin)).filter((v) => v.name === "client-rules");
    expect(versions.map((v) => [v.version, v.ruleCount])).toEqual([[2, 2], [1, 1]]);
    expect(versions[1]?.failed).toHaveLength(1);
    expect(await rule(ids.t1, ADMIN_ID)).toMatchObject({ definedAt: "TENANT", pack: "client-rules", packVersion: 2 });
  });

  it("a tenant's pack is invisible to its sibling and to another organization", async () => {
    expect(await rule(ids.t2, LOGON_ID)).toBeUndefined();
    expect(await rule(ids.other, LOGON_ID)).toBeUndefined();
    expect((await listRuleVersions({ db }, ctx(ids.other, ids.analyst, "ANALYST"))).filter((v) => v.scope !== "GLOBAL")).toEqual([]);
    // RLS itself: the other tenant's transaction reads no row of the MSSP's packs or rules.
    const rows = await db.withTenantClient(ids.other, async (c) => ({
      packs: (await c.query("SELECT id FROM rule_packs WHERE scope <> 'GLOBAL'")).rows.length,
      rules: (await c.query("SELECT rule_id FROM rule_pack_rules")).rows.length,
    }));
    expect(rows).toEqual({ packs: 0, rules: 0 });
  });

  it("an organization-level disable applies to all the MSSP's tenants, not another org's; a tenant re-enables", async () => {
    await setRuleEnabled({ db }, ctx(ids.t1, ids.orgAdmin, "ADMIN"), { scope: "ORGANIZATION", ruleId: builtinId, enabled: false });
    expect((await rule(ids.t1, builtinId))?.enabled).toEqual({ value: false, from: "ORGANIZATION" });
    expect((await rule(ids.t2, builtinId))?.enabled).toEqual({ value: false, from: "ORGANIZATION" });
    expect((await rule(ids.other, builtinId))?.enabled).toEqual({ value: true, from: "rule" });
    await setRuleEnabled({ db }, ctx(ids.t2, ids.orgAdmin, "ADMIN"), { scope: "TENANT", ruleId: builtinId, enabled: true });
    expect((await rule(ids.t2, builtinId))?.enabled).toEqual({ value: true, from: "TENANT" });
    expect((await rule(ids.t1, builtinId))?.enabled).toEqual({ value: false, from: "ORGANIZATION" });
    await setRuleEnabled({ db }, ctx(ids.t2, ids.orgAdmin, "ADMIN"), { scope: "TENANT", ruleId: builtinId, enabled: null });
    expect((await rule(ids.t2, builtinId))?.enabled).toEqual({ value: false, from: "ORGANIZATION" });
  });

  it("overrides: level at the organization, exception at the tenant; the engine set changes accordingly", async () => {
    const before = await tenantEngineSources({ db }, ids.t1);
    await overrideRule({ db }, ctx(ids.t1, ids.orgAdmin, "ADMIN"), { scope: "ORGANIZATION", ruleId: LOGON_ID, level: "high" });
    await overrideRule({ db }, ctx(ids.t1, ids.t1Admin, "ADMIN"), { scope: "TENANT", ruleId: LOGON_ID, level: "critical", exception: { "user.name": "svc-backup" } });
    const r = await rule(ids.t1, LOGON_ID);
    expect(r?.level).toEqual({ value: "critical", from: "TENANT" });
    expect(r?.exceptions).toEqual([{ scope: "TENANT", selection: { "user.name": "svc-backup" } }]);
    const after = await tenantEngineSources({ db }, ids.t1);
    expect(after.hash).not.toBe(before.hash);
    expect(after.sources.some((s) => s.text.includes("svc-backup"))).toBe(true);
    expect(after.sources.find((s) => s.file === "logon.yml")?.text).toMatch(/level: critical/);
    await expect(overrideRule({ db }, ctx(ids.t1, ids.t1Admin, "ADMIN"), { scope: "TENANT", ruleId: LOGON_ID, exception: { "user.name|nosuch": "x" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(overrideRule({ db }, ctx(ids.t1, ids.t1Admin, "ADMIN"), { scope: "TENANT", ruleId: "no-such-rule", level: "low" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("roles: a tenant ADMIN cannot change the organization's level, an ANALYST nothing", async () => {
    await expect(setRuleEnabled({ db }, ctx(ids.t1, ids.t1Admin, "ADMIN"), { scope: "ORGANIZATION", ruleId: builtinId, enabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setRuleEnabled({ db }, ctx(ids.t1, ids.analyst, "ANALYST"), { scope: "TENANT", ruleId: builtinId, enabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(importRulePack({ db }, ctx(ids.t1, ids.analyst, "ANALYST"), { scope: "ORGANIZATION", name: "x", files: [{ path: "a.yml", text: FAILED_LOGON }] })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("the application role cannot write GLOBAL rows or another tenant's rows, even with raw SQL", async () => {
    const insert = (tenantId: string, scope: string, owner: string | null) =>
      db.withTenantClient(tenantId, (c) => c.query(`INSERT INTO rule_settings (scope, tenant_id, rule_id, enabled) VALUES ($1::"RuleScope", $2::uuid, 'x', false)`, [scope, owner]));
    await expect(insert(ids.other, "GLOBAL", null)).rejects.toThrow(/row-level security/);
    await expect(insert(ids.other, "TENANT", ids.t1)).rejects.toThrow(/row-level security/);
  });

  it("the command line (owner connection) imports GLOBAL packs; every change bumps the counter", async () => {
    const v0 = await currentRulesVersion({ db });
    const result = await importRulePackAsOwner(owner, { scope: "GLOBAL" }, { name: "corp-baseline", files: [{ path: "admin.yml", text: ADMIN_CREATED }], importedBy: "cli" });
    expect(result).toMatchObject({ unchanged: false, pack: { scope: "GLOBAL", version: 1 } });
    expect(await currentRulesVersion({ db })).toBeGreaterThan(v0);
    expect(await rule(ids.other, ADMIN_ID)).toMatchObject({ definedAt: "GLOBAL", pack: "corp-baseline" });
    // The tenant's own pack still wins for its tenant.
    expect(await rule(ids.t1, ADMIN_ID)).toMatchObject({ definedAt: "TENANT", pack: "client-rules" });
    await expect(importRulePackAsOwner(owner, { scope: "TENANT", tenant: "no-such-slug" }, { name: "x", files: [{ path: "a.yml", text: FAILED_LOGON }], importedBy: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(importRulePackAsOwner(owner, { scope: "GLOBAL" }, { name: "Bad Name!", files: [{ path: "a.yml", text: FAILED_LOGON }], importedBy: null })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(importRulePackAsOwner(owner, { scope: "GLOBAL" }, { name: "only-broken", files: [{ path: "b.yml", text: BROKEN }], importedBy: null })).rejects.toThrow(/b\.yml/);
  });
});
