// Quotas through the real server and PostgreSQL: a tenant over its quota gets 429 + Retry-After
// (HEC and `_bulk` shaped), nothing of the refused request is stored, and a second tenant sending
// at the same time is served and stored as usual.
import type { FastifyInstance } from "fastify";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIngestServer } from "../server";
import type { Harness } from "../testing/harness";
import { startHarness } from "../testing/harness";
import { ingestQuotaOverrides, setIngestQuotaAsOwner } from "@vigil/services/tenancy";
import { IngestLimits } from "./limits";
import { QuotaOverrides } from "./overrides";

let h: Harness;
let app: FastifyInstance;
let a: { tenantId: string; token: string };
let b: { tenantId: string; token: string };

beforeAll(async () => {
  h = await startHarness(testDatabaseUrls(process.env));
  a = await h.createTenant();
  b = await h.createTenant();
  // Tenant A gets a small quota; B keeps the default.
  const limits = new IngestLimits({ quotaFor: (id) => (id === a.tenantId ? { eventsPerSecond: 50, burstSeconds: 1 } : undefined) });
  app = buildIngestServer({ services: { db: h.db }, sink: h.pipeline, maxBodyBytes: 1024 * 1024, limits });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

const batch = (tag: string, n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ event: { action: "probe", tag, i }, time: 1764237600 + i })).join("\n");
const hec = (token: string, body: string) => app.inject({ method: "POST", url: "/services/collector/event", payload: body, headers: { authorization: `Splunk ${token}` } });
// Counted under the tenant's RLS scope (no tenant filter of our own): cross-tenant reads see nothing.
const stored = (tenantId: string, tag: string) => h.db.withTenant(tenantId, (tx) => tx.event.count({ where: { raw: { contains: `"tag":"${tag}"` } } }));

describe("per-tenant quotas through the real server", () => {
  it("throttles the flooding tenant with 429 + Retry-After and keeps serving the other", async () => {
    const first = await hec(a.token, batch("a-first", 150)); // 150 events against a 50/s bucket: 2 s of debt
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ code: 0, accepted: 150 });

    const flood = await Promise.all(Array.from({ length: 5 }, (_, i) => hec(a.token, batch(`a-flood-${i}`, 20))));
    for (const res of flood) {
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(res.json()).toEqual({ text: `Tenant ${a.tenantId} is over its ingest quota of 50 events/s; retry after ${res.headers["retry-after"]} s`, code: 9 });
    }
    const bulk = await app.inject({
      method: "POST", url: "/_bulk", payload: '{"index":{}}\n{"message":"x"}\n', headers: { authorization: `ApiKey ${a.token}` },
    });
    expect(bulk.statusCode).toBe(429);
    expect(bulk.headers["retry-after"]).toBeDefined();
    expect(bulk.json().error).toMatchObject({ type: "es_rejected_execution_exception" });

    // B floods concurrently with A's refused requests and is never throttled.
    const bAnswers = await Promise.all(Array.from({ length: 5 }, (_, i) => hec(b.token, batch(`b-${i}`, 200))));
    expect(bAnswers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);

    expect(await stored(a.tenantId, "a-first")).toBe(150);
    for (let i = 0; i < 5; i++) expect(await stored(a.tenantId, `a-flood-${i}`)).toBe(0);
    expect(await stored(b.tenantId, "b-0")).toBe(200);
    // Cross-tenant: A sees none of B's events, B none of A's.
    expect(await stored(a.tenantId, "b-0")).toBe(0);
    expect(await stored(b.tenantId, "a-first")).toBe(0);
  });

  it("admits the tenant again once Retry-After has passed", async () => {
    const refused = await hec(a.token, batch("a-later", 5));
    const wait = refused.statusCode === 429 ? Number(refused.headers["retry-after"]) : 0;
    await new Promise((r) => setTimeout(r, wait * 1000 + 100));
    const res = await hec(a.token, batch("a-later", 5));
    expect(res.statusCode).toBe(200);
    expect(await stored(a.tenantId, "a-later")).toBe(5);
  });
});

describe("quota overrides set in PostgreSQL, applied live", () => {
  it("throttles a tenant at its override once re-read, another tenant not, and lifts it when cleared", async () => {
    const c = await h.createTenant();
    const d = await h.createTenant();
    const overrides = new QuotaOverrides(() => ingestQuotaOverrides({ db: h.db }));
    const limits = new IngestLimits({ quotaFor: overrides.quotaFor });
    overrides.onChange = (id) => limits.quotaChanged(id);
    const live = buildIngestServer({ services: { db: h.db }, sink: h.pipeline, maxBodyBytes: 1024 * 1024, limits });
    await live.ready();
    const send = (token: string, body: string) => live.inject({ method: "POST", url: "/services/collector/event", payload: body, headers: { authorization: `Splunk ${token}` } });
    try {
      // Default quota (100,000 events/s): C's first 300 events are far inside it.
      expect((await send(c.token, batch("c-default", 300))).statusCode).toBe(200);
      const slug = (await h.admin.pool.query<{ slug: string }>("SELECT slug FROM tenants WHERE id = $1", [c.tenantId])).rows[0]!.slug;
      await setIngestQuotaAsOwner(h.admin, slug, { eventsPerSecond: 40, bytesPerSecond: null });
      expect(await overrides.refresh()).toBe(true);
      expect((await send(c.token, batch("c-first", 100))).statusCode).toBe(200); // a fresh bucket of 80 (2 s burst): 20 in debt
      const refused = await send(c.token, batch("c-refused", 10));
      expect(refused.statusCode).toBe(429);
      expect(refused.json().text).toContain("over its ingest quota of 40 events/s");
      expect((await Promise.all(Array.from({ length: 3 }, (_, i) => send(d.token, batch(`d-${i}`, 500))))).map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(await stored(c.tenantId, "c-refused")).toBe(0);
      expect(await stored(d.tenantId, "d-2")).toBe(500);

      await setIngestQuotaAsOwner(h.admin, slug, { eventsPerSecond: null, bytesPerSecond: null });
      expect(await overrides.refresh()).toBe(true);
      expect((await send(c.token, batch("c-cleared", 10))).statusCode).toBe(200);
      expect(await stored(c.tenantId, "c-cleared")).toBe(10);
    } finally {
      await live.close();
    }
  });
});
