// The routers against a real, migrated PostgreSQL (DATABASE_URL as vigil_app, DATABASE_ADMIN_URL for fixtures)
// and the Temporal dev server (TEMPORAL_ADDRESS) for acknowledge.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@vigil/db";
import { appRouter } from "./root";
import { lazyTemporalClient } from "./temporal";
import { createCallerFactory, createTRPCContext, type ApiSession } from "./trpc";

const db = createDb({ max: 4 });
// Fixtures the product has no use case for (memberships, raw incidents), written as the migration owner.
const adminDb = createDb({ url: process.env.DATABASE_ADMIN_URL, max: 1 });
const admin = adminDb.pool;
const deps = { db, temporal: lazyTemporalClient };
const caller = (session: ApiSession | null) => createCallerFactory(appRouter)(createTRPCContext({ headers: new Headers({ "x-forwarded-for": "198.51.100.4" }), session, deps }));

interface Account {
  session: ApiSession;
  tenantId: string;
  token: string;
}

async function signUp(label: string): Promise<Account> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const result = await caller(null).auth.signUp({ organizationName: `${label} Corp`, name: label, email, password: "correct horse battery" });
  const { rows } = await admin.query<{ id: string }>("select id from users where email = $1", [email]);
  return { session: { user: { id: rows[0]!.id, email, tenantId: result.tenantId } }, tenantId: result.tenantId, token: result.ingestToken };
}

let alice: Account;
let bob: Account;

beforeAll(async () => {
  alice = await signUp("alice");
  bob = await signUp("bob");
});

afterAll(async () => {
  await db.close();
  await adminDb.close();
  const temporal = await lazyTemporalClient().catch(() => null);
  await temporal?.connection.close();
});

describe("auth + tenant", () => {
  it("signs up with a usable ingest token and lists the new tenant", async () => {
    expect(alice.token.length).toBeGreaterThan(20);
    const tenants = await caller(alice.session).tenant.list();
    expect(tenants).toEqual([expect.objectContaining({ id: alice.tenantId, name: "alice Corp", role: "OWNER" })]);
  });

  it("rejects a second sign-up with the same email as CONFLICT", async () => {
    const again = caller(null).auth.signUp({ organizationName: "Other", name: "x", email: alice.session.user.email, password: "another long password" });
    await expect(again).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("tokens", () => {
  it("creates a token shown once and lists only its prefix", async () => {
    const created = await caller(alice.session).tokens.create({ tenantId: alice.tenantId, name: "firewall" });
    expect(created.plaintext.startsWith(created.token.prefix)).toBe(true);
    const list = await caller(alice.session).tokens.list({ tenantId: alice.tenantId });
    expect(list.map((t) => t.name).sort()).toEqual(["Default ingest token", "firewall"]);
    expect(JSON.stringify(list)).not.toContain(created.plaintext);
  });
});

describe("dead letters", () => {
  it("shows the tenant what could not be parsed (summary and list, raw text cut to a preview), to no one else", async () => {
    const huge = `not json ${"x".repeat(10_000)}`;
    await admin.query("insert into dead_letters (tenant_id, receiver, reason, raw) values ($1, 'hec', 'item 1: expected a JSON object', $2), ($1, 'syslog', 'line 3: unrecognized format (column 1)', 'garbage')", [alice.tenantId, huge]);
    const summary = await caller(alice.session).deadLetters.summary({ tenantId: alice.tenantId });
    expect(summary).toMatchObject({ total: 2, byReceiver: expect.arrayContaining([{ receiver: "hec", count: 1 }, { receiver: "syslog", count: 1 }]) });
    expect(summary.hourly).toHaveLength(24);
    expect(summary.topReasons.map((r) => r.reason).sort()).toEqual(["expected a JSON object", "unrecognized format"]);
    const list = (await caller(alice.session).deadLetters.list({ tenantId: alice.tenantId })).rows;
    const big = list.find((r) => r.receiver === "hec");
    expect(big).toMatchObject({ rawLength: huge.length, reason: "item 1: expected a JSON object" });
    expect(big?.raw).toHaveLength(4096);
    expect((await caller(alice.session).deadLetters.list({ tenantId: alice.tenantId, receiver: "syslog" })).rows.map((r) => r.raw)).toEqual(["garbage"]);
    const page = await caller(alice.session).deadLetters.list({ tenantId: alice.tenantId, limit: 1 });
    const rest = await caller(alice.session).deadLetters.list({ tenantId: alice.tenantId, limit: 1, cursor: page.nextCursor });
    expect([...page.rows, ...rest.rows].map((r) => r.receiver).sort()).toEqual(["hec", "syslog"]);
    await expect(caller(alice.session).deadLetters.list({ tenantId: alice.tenantId, cursor: "yesterday" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: /cursor/ });
    expect((await caller(bob.session).deadLetters.summary({ tenantId: bob.tenantId })).total).toBe(0);
    await expect(caller(bob.session).deadLetters.list({ tenantId: alice.tenantId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller(alice.session).deadLetters.summary({ tenantId: alice.tenantId, hours: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("re-parses the tenant's rejected lines with the current parsers, for its members only", async () => {
    const carol = await signUp("carol");
    await admin.query("insert into dead_letters (tenant_id, receiver, reason, raw) values ($1, 'hec', 'item 1: expected a JSON object', 'not json'), ($1, 'syslog', 'unrecognized format', 'garbage'), ($1, 'syslog', 'unrecognized format', $2)", [
      carol.tenantId, "Nov 29 10:00:01 db-9 sshd[1]: Accepted publickey for deploy from 198.51.100.9 port 22 ssh2",
    ]);
    // The syslog garbage stays, the sshd line is stored; the HEC item is not re-parsed.
    expect(await caller(carol.session).deadLetters.reprocess({ tenantId: carol.tenantId })).toEqual({ examined: 2, stored: 1, alreadyStored: 0, stillRejected: 1, next: null, remaining: 0 });
    expect((await caller(carol.session).deadLetters.list({ tenantId: carol.tenantId })).rows.map((r) => r.raw).sort()).toEqual(["garbage", "not json"]);
    const paged = await caller(carol.session).deadLetters.reprocess({ tenantId: carol.tenantId, limit: 1 });
    expect(paged).toMatchObject({ examined: 1, next: expect.stringMatching(/\|/) });
    expect(await caller(carol.session).deadLetters.reprocess({ tenantId: carol.tenantId, limit: 1, after: paged.next })).toMatchObject({ examined: 0, next: null });
    await expect(caller(bob.session).deadLetters.reprocess({ tenantId: carol.tenantId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller(carol.session).deadLetters.reprocess({ tenantId: carol.tenantId, after: "yesterday" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: /cursor/ });
    await expect(caller(carol.session).deadLetters.reprocess({ tenantId: carol.tenantId, limit: 5000 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("ingest quota", () => {
  it("shows the quota to the tenant; only its MSSP's organization administrators change it; no one else reads it", async () => {
    const mssp = await signUp("mssp");
    const withDefaults = (session: ApiSession) => createCallerFactory(appRouter)(createTRPCContext({
      headers: new Headers(), session, deps: { ...deps, ingestQuotaDefaults: { eventsPerSecond: 100_000, bytesPerSecond: 67_108_864 } },
    }));
    expect(await withDefaults(mssp.session).ingestQuota.get({ tenantId: mssp.tenantId })).toMatchObject({
      eventsPerSecond: null, bytesPerSecond: null, canEdit: false, defaults: { eventsPerSecond: 100_000, bytesPerSecond: 67_108_864 },
    });
    // The sign-up's owner of a direct customer cannot raise its own quota.
    await expect(caller(mssp.session).ingestQuota.set({ tenantId: mssp.tenantId, eventsPerSecond: 1_000_000, bytesPerSecond: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Make it an MSSP with an organization-wide administrator (no screen for that yet: the owner's fixture).
    const staff = await signUp("staff");
    const { rows } = await admin.query<{ organization_id: string }>("select organization_id from tenants where id = $1", [mssp.tenantId]);
    const org = rows[0]!.organization_id;
    await admin.query("update organizations set kind = 'MSSP' where id = $1", [org]);
    await admin.query("insert into memberships (user_id, organization_id, tenant_id, role) values ($1, $2, null, 'ADMIN')", [staff.session.user.id, org]);
    const staffCaller = caller({ user: { ...staff.session.user, tenantId: mssp.tenantId } });
    expect((await staffCaller.ingestQuota.get({ tenantId: mssp.tenantId })).canEdit).toBe(true);
    expect(await staffCaller.ingestQuota.set({ tenantId: mssp.tenantId, eventsPerSecond: 5000, bytesPerSecond: null })).toEqual({ eventsPerSecond: 5000, bytesPerSecond: null });
    expect(await caller(mssp.session).ingestQuota.get({ tenantId: mssp.tenantId })).toMatchObject({ eventsPerSecond: 5000, canEdit: false, defaults: null });
    await expect(staffCaller.ingestQuota.set({ tenantId: mssp.tenantId, eventsPerSecond: 0, bytesPerSecond: null })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(staffCaller.ingestQuota.set({ tenantId: mssp.tenantId, eventsPerSecond: 10, bytesPerSecond: 5 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // The MSSP's administrator has nothing to say about another customer's tenant, and its users read nothing of it.
    await expect(staffCaller.ingestQuota.set({ tenantId: bob.tenantId, eventsPerSecond: 1, bytesPerSecond: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller(bob.session).ingestQuota.get({ tenantId: mssp.tenantId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await caller(bob.session).ingestQuota.get({ tenantId: bob.tenantId })).toMatchObject({ eventsPerSecond: null, canEdit: false });
  });
});

describe("dashboard", () => {
  it("summarizes an empty tenant (session tenant used when input has none)", async () => {
    const summary = await caller(alice.session).dashboard.summary({});
    expect(summary).toMatchObject({ events24h: 0, openAlerts: 0, openIncidents: 0, acknowledgedIncidents: 0 });
    expect(await caller(alice.session).alerts.latest({})).toEqual([]);
  });

  it("returns 24 hourly buckets for the histogram", async () => {
    const buckets = await caller(alice.session).dashboard.eventHistogram({ bucketMinutes: 60 });
    expect(buckets).toHaveLength(24);
    expect(buckets.every((b) => b.count === 0)).toBe(true);
  });
});

describe("tenant isolation and roles", () => {
  it("forbids reading another tenant", async () => {
    await expect(caller(bob.session).dashboard.summary({ tenantId: alice.tenantId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller(bob.session).incidents.list({ tenantId: alice.tenantId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets a viewer read but not mutate", async () => {
    const { rows } = await admin.query<{ organization_id: string }>("select organization_id from tenants where id = $1", [alice.tenantId]);
    await admin.query("insert into memberships (user_id, organization_id, tenant_id, role) values ($1, $2, $3, 'VIEWER')", [
      bob.session.user.id,
      rows[0]!.organization_id,
      alice.tenantId,
    ]);
    const asViewer = caller(bob.session);
    expect((await asViewer.tenant.list()).map((t) => t.id).sort()).toEqual([alice.tenantId, bob.tenantId].sort());
    await expect(asViewer.dashboard.summary({ tenantId: alice.tenantId })).resolves.toMatchObject({ openIncidents: 0 });
    await expect(asViewer.tokens.create({ tenantId: alice.tenantId, name: "nope" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("alerts", () => {
  it("lists the tenant's newest alerts with entities and ATT&CK techniques, invisible to others", async () => {
    await admin.query(
      `insert into alerts (tenant_id, rule_id, rule_title, severity, tactics, techniques, entities, event_ids, group_key, count, first_seen, last_seen)
       values ($1, 'brute-force-login', 'Brute force', 'HIGH', '{credential-access}', '{t1110}', $2, '{}', 'user:jdoe', 6, now() - interval '1 minute', now())`,
      [alice.tenantId, JSON.stringify({ user: ["jdoe"], ip: ["203.0.113.66"], junk: 1 })],
    );
    const alerts = await caller(alice.session).alerts.latest({ tenantId: alice.tenantId, limit: 5 });
    expect(alerts).toEqual([
      expect.objectContaining({ ruleTitle: "Brute force", severity: "HIGH", count: 6, techniques: ["t1110"], entities: { user: ["jdoe"], ip: ["203.0.113.66"] } }),
    ]);
    expect(await caller(bob.session).alerts.latest({ tenantId: bob.tenantId })).toEqual([]);
    expect((await caller(alice.session).dashboard.summary({})).openAlerts).toBe(1);
  });
});

describe("incidents", () => {
  it("lists and acknowledges an incident of the tenant, NOT_FOUND for others", async () => {
    const { rows } = await admin.query<{ id: string }>(
      "insert into incidents (tenant_id, title, severity, group_key, workflow_state) values ($1, 'Compromised account alice', 'HIGH', 'user:alice', 'notified') returning id",
      [alice.tenantId],
    );
    const incidentId = rows[0]!.id;
    const listed = await caller(alice.session).incidents.list({ tenantId: alice.tenantId });
    expect(listed).toEqual([expect.objectContaining({ id: incidentId, status: "OPEN", workflowState: "notified" })]);

    await expect(caller(bob.session).incidents.acknowledge({ tenantId: bob.tenantId, incidentId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const acked = await caller(alice.session).incidents.acknowledge({ tenantId: alice.tenantId, incidentId });
    expect(acked).toMatchObject({ changed: true, signalled: false, incident: { status: "ACKNOWLEDGED", acknowledgedBy: alice.session.user.email } });
    const summary = await caller(alice.session).dashboard.summary({ tenantId: alice.tenantId });
    expect(summary).toMatchObject({ openIncidents: 0, acknowledgedIncidents: 1 });
  });
});
