import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { resolveIngestToken } from "../tokens/resolveIngestToken";
import { DEMO, seedDemo } from "./seedDemo";
import { signUp } from "./signUp";
import { verifyCredentials } from "./verifyCredentials";

describe("accounts: sign-up, sign-in, lockout, demo seed", { timeout: 60_000 }, () => {
  let tdb: TestDatabase;
  let db: Db;
  let admin: Db["pool"];
  let adminDb: Db;
  const audit = async (email: string) =>
    (await admin.query<{ action: string; tenant_id: string | null; ip: string | null }>(
      "select action, tenant_id, ip from audit_log where actor_email = $1 order by id", [email],
    )).rows;

  beforeAll(async () => {
    tdb = await createTestDatabase(testDatabaseUrls(process.env));
    db = createDb({ url: tdb.appUrl, max: 3 });
    adminDb = createDb({ url: tdb.adminUrl, max: 1 });
    admin = adminDb.pool;
  });
  afterAll(async () => {
    await db?.close();
    await adminDb?.close();
    await tdb?.drop();
  });

  it("signUp creates organization, tenant, owner, escalation policy, ingest token and audit rows", async () => {
    const out = await signUp({ db }, { email: " Ann@Acme.TEST ", password: "acme-password-1", name: "Ann", organizationName: "Acme Corp" });
    expect(out.user.email).toBe("ann@acme.test");
    expect(out.organization.kind).toBe("DIRECT");
    expect(out.tenant).toMatchObject({ name: "Acme Corp", slug: "acme-corp" });
    expect(out.ingestToken.plaintext).toMatch(/^vgl_/);
    expect(await resolveIngestToken({ db }, out.ingestToken.plaintext)).toEqual({ tenantId: out.tenant.id, tokenId: out.ingestToken.id });
    const policy = await db.withTenant(out.tenant.id, (tx) => tx.escalationPolicy.findUnique({ where: { tenantId: out.tenant.id } }));
    expect(policy).toMatchObject({ primaryEmail: "ann@acme.test", secondaryEmail: "oncall@acme.test", ackTimeoutSeconds: 900 });
    const membership = await db.withSystem((tx) => tx.membership.findMany({ where: { userId: out.user.id } }));
    expect(membership).toMatchObject([{ tenantId: out.tenant.id, organizationId: out.organization.id, role: "OWNER" }]);
    const stored = await admin.query("select hash, prefix from api_tokens where id = $1", [out.ingestToken.id]);
    expect(stored.rows[0].hash).not.toContain(out.ingestToken.plaintext);
    expect(stored.rows[0].prefix).toBe(out.ingestToken.prefix);
    expect((await audit("ann@acme.test")).map((r) => r.action)).toEqual(["account.signed_up", "tenant.created", "token.created"]);
  });

  it("makes tenant slugs unique and rejects a duplicate email (any case) with CONFLICT", async () => {
    const second = await signUp({ db }, { email: "bob@acme2.test", password: "acme-password-2", name: "Bob", organizationName: "ACME corp!" });
    expect(second.tenant.slug).toBe("acme-corp-2");
    const dup = await signUp({ db }, { email: "ANN@acme.test", password: "whatever-123", name: "A", organizationName: "Z Org" }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(AppError);
    expect(dup).toMatchObject({ code: "CONFLICT", details: { fields: { email: "already registered" } } });
  });

  it("rejects invalid input with BAD_REQUEST naming the fields", async () => {
    const bad = await signUp({ db }, { email: "not-an-email", password: "short", name: "x", organizationName: "Fine Org" }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "BAD_REQUEST" });
    expect(Object.keys((bad as AppError & { details: { fields: object } }).details.fields).sort()).toEqual(["email", "password"]);
  });

  it("verifyCredentials returns the user with memberships and tenants, and audits the sign-in", async () => {
    const ok = await verifyCredentials({ db }, { email: "ANN@acme.test", password: "acme-password-1", ip: "10.0.0.1" });
    expect(ok?.user.email).toBe("ann@acme.test");
    expect(ok?.memberships).toEqual([expect.objectContaining({ role: "OWNER" })]);
    expect(ok?.tenants.map((t) => t.tenantSlug)).toEqual(["acme-corp"]);
    expect((await audit("ann@acme.test")).at(-1)).toEqual({ action: "auth.sign_in", tenant_id: null, ip: "10.0.0.1" });
  });

  it("locks an email after 5 failures in 15 minutes, without checking the password", async () => {
    const email = "bob@acme2.test";
    for (let i = 0; i < 5; i++) {
      expect(await verifyCredentials({ db }, { email, password: `wrong-${i}`, ip: "203.0.113.9" })).toBeNull();
    }
    const locked = await verifyCredentials({ db }, { email, password: "acme-password-2", ip: "203.0.113.9" }).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(AppError);
    expect((locked as AppError).code).toBe("TOO_MANY_REQUESTS");
    const rows = await audit(email);
    expect(rows.filter((r) => r.action === "auth.sign_in_failed")).toHaveLength(5);
    expect(rows.at(-1)).toEqual({ action: "auth.sign_in_locked", tenant_id: null, ip: "203.0.113.9" });
    expect(rows.some((r) => r.action === "auth.sign_in")).toBe(false);
    // Another account is not affected.
    expect(await verifyCredentials({ db }, { email: "ann@acme.test", password: "acme-password-1" })).not.toBeNull();
  });

  it("audits failures for unknown emails and lets the application role read none of it", async () => {
    expect(await verifyCredentials({ db }, { email: "ghost@nowhere.test", password: "whatever-123" })).toBeNull();
    expect((await audit("ghost@nowhere.test")).map((r) => r.action)).toEqual(["auth.sign_in_failed"]);
    const visible = await db.withSystem((tx) => tx.auditLog.count());
    expect(visible).toBe(0);
  });

  it("seedDemo is idempotent and honours a known ingest token", async () => {
    const first = await seedDemo({ db });
    expect(first).toMatchObject({ email: DEMO.email, password: DEMO.password, tenantSlug: "demo", created: true });
    expect(await resolveIngestToken({ db }, first.ingestToken)).toMatchObject({ tenantId: first.tenantId });
    const known = "vgl_demo-known-token-0123456789abcdefghijklmnop";
    const second = await seedDemo({ db }, { ingestToken: known });
    const third = await seedDemo({ db }, { ingestToken: known });
    expect(second).toMatchObject({ tenantId: first.tenantId, ingestToken: known, created: false });
    expect(third).toMatchObject({ tenantId: first.tenantId, ingestToken: known, created: false });
    expect(await resolveIngestToken({ db }, known)).toMatchObject({ tenantId: first.tenantId });
    const users = await admin.query("select count(*)::int as n from users where email = $1", [DEMO.email]);
    expect(users.rows[0].n).toBe(1);
    const tokens = await admin.query("select count(*)::int as n from api_tokens where tenant_id = $1", [first.tenantId]);
    expect(tokens.rows[0].n).toBe(2);
    const login = await verifyCredentials({ db }, { email: DEMO.email, password: DEMO.password });
    expect(login?.tenants.map((t) => [t.tenantSlug, t.organizationName, t.role])).toEqual([["demo", "Demo Company", "OWNER"]]);
    await expect(seedDemo({ db }, { ingestToken: "short" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
