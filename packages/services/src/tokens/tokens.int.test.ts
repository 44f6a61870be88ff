import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import type { TenantContext } from "../context";
import { createIngestToken } from "./createIngestToken";
import { listTokens } from "./listTokens";
import { resolveIngestToken } from "./resolveIngestToken";
import { revokeToken } from "./revokeToken";

describe("ingest tokens", { timeout: 60_000 }, () => {
  let tdb: TestDatabase;
  let db: Db;
  let a: TenantContext;
  let b: TenantContext;

  beforeAll(async () => {
    tdb = await createTestDatabase(testDatabaseUrls(process.env));
    db = createDb({ url: tdb.appUrl, max: 3 });
    const sa = await signUp({ db }, { email: "a@a.test", password: "password-aaaa", name: "A", organizationName: "Tenant A" });
    const sb = await signUp({ db }, { email: "b@b.test", password: "password-bbbb", name: "B", organizationName: "Tenant B" });
    a = { tenantId: sa.tenant.id, userId: sa.user.id, email: sa.user.email, role: "OWNER" };
    b = { tenantId: sb.tenant.id, userId: sb.user.id, email: sb.user.email, role: "OWNER" };
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.drop();
  });

  it("keeps a token's default source type, resolves it with the tenant, and refuses a malformed one", async () => {
    const sc = await signUp({ db }, { email: "c@c.test", password: "password-cccc", name: "C", organizationName: "Tenant C" });
    const c: TenantContext = { tenantId: sc.tenant.id, userId: sc.user.id, email: sc.user.email, role: "OWNER" };
    const made = await createIngestToken({ db }, c, { name: "ArcSight forwarder", sourcetype: " cef " });
    expect(made.token.sourcetype).toBe("cef");
    expect(await resolveIngestToken({ db }, made.plaintext)).toEqual({ tenantId: c.tenantId, tokenId: made.token.id, sourcetype: "cef" });
    expect((await listTokens({ db }, c)).find((t) => t.id === made.token.id)?.sourcetype).toBe("cef");
    expect((await listTokens({ db }, b)).some((t) => t.id === made.token.id)).toBe(false);
    for (const bad of ["two words", "x".repeat(101), "quote\"s"]) {
      await expect(createIngestToken({ db }, c, { name: "bad", sourcetype: bad })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^Source type must be/) });
    }
    // Empty: no default.
    expect((await createIngestToken({ db }, c, { name: "plain", sourcetype: "  " })).token.sourcetype).toBeNull();
  });

  it("creates a token whose plaintext resolves to its tenant, and lists without secrets", async () => {
    const made = await createIngestToken({ db }, a, { name: "Firewall HEC" });
    expect(made.plaintext).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    expect(made.token).toMatchObject({ name: "Firewall HEC", kind: "INGEST", tenantId: a.tenantId, prefix: made.plaintext.slice(0, 8) });
    expect(await resolveIngestToken({ db }, made.plaintext)).toEqual({ tenantId: a.tenantId, tokenId: made.token.id });
    const list = await listTokens({ db }, a);
    expect(list.map((t) => t.name)).toEqual(["Firewall HEC", "Default ingest token"]);
    expect(JSON.stringify(list)).not.toContain(made.plaintext);
    expect(list.every((t) => !("hash" in t))).toBe(true);
    expect((await listTokens({ db }, b)).map((t) => t.tenantId)).toEqual([b.tenantId]);
    const lastUsed = await db.withTenant(a.tenantId, (tx) => tx.apiToken.findUnique({ where: { id: made.token.id } }));
    expect(lastUsed?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("revoked tokens never resolve; revoke is idempotent and audited", async () => {
    const made = await createIngestToken({ db }, a, { name: "Temp" });
    const revoked = await revokeToken({ db }, a, { tokenId: made.token.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await resolveIngestToken({ db }, made.plaintext)).toBeNull();
    const again = await revokeToken({ db }, a, { tokenId: made.token.id });
    expect(again.revokedAt?.getTime()).toBe(revoked.revokedAt?.getTime());
    const actions = await db.withTenant(a.tenantId, (tx) => tx.auditLog.findMany({ where: { target: made.token.id }, orderBy: { id: "asc" } }));
    expect(actions.map((x) => x.action)).toEqual(["token.created", "token.revoked"]);
  });

  it("a tenant cannot revoke or see another tenant's token, and tokens never resolve to the wrong tenant", async () => {
    const bToken = await createIngestToken({ db }, b, { name: "B only" });
    await expect(revokeToken({ db }, a, { tokenId: bToken.token.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeToken({ db }, a, { tokenId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await resolveIngestToken({ db }, bToken.plaintext)).toEqual({ tenantId: b.tenantId, tokenId: bToken.token.id });
    const aTokens = await listTokens({ db }, a);
    expect(aTokens.some((t) => t.id === bToken.token.id)).toBe(false);
  });

  it("garbage, unknown and API-kind tokens do not resolve as ingest tokens", async () => {
    expect(await resolveIngestToken({ db }, "")).toBeNull();
    expect(await resolveIngestToken({ db }, "Splunk abc")).toBeNull();
    expect(await resolveIngestToken({ db }, `vgl_${"x".repeat(43)}`)).toBeNull();
    const api = await createIngestToken({ db }, a, { name: "API key", kind: "API" });
    expect(await resolveIngestToken({ db }, api.plaintext)).toBeNull();
    await expect(createIngestToken({ db }, a, { name: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
