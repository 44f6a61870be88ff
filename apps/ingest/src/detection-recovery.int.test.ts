// The detection outbox against real PostgreSQL: a batch committed by a process that died before
// its detection ran is detected by the next process's recovery sweep (alerts for that tenant only);
// the live path leaves nothing behind; a failing detection is retried, then given up; two
// processes sweeping at once detect each batch once; a correlation alert whose recording failed
// is recorded when the batch runs again (not lost, not counted twice).
import { hecEventParser } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";
import { copyIngestBatch, reprocessDeadLetters } from "@vigil/services/events";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventSink } from "./ingest-body";
import { DetectionRecovery } from "./log/recovery";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness(testDatabaseUrls(process.env));
});
afterAll(async () => {
  await h?.close();
});

/** Six failed logins of one user within two minutes (from `start`, epoch seconds): the built-in brute-force rule fires. */
function bruteForce(tenantId: string, user: string, start = Math.floor(Date.now() / 1000) - 300): VigilEvent[] {
  const body = [0, 1, 2, 3, 4, 5]
    .map((i) => JSON.stringify({ time: start + i * 20, host: "vpn-gw-1", sourcetype: "vpn:auth", event: { action: "user-login", outcome: "failure", user, src_ip: "198.51.100.9" } }))
    .join("\n");
  const parsed = hecEventParser.parse(body, { tenantId, receivedAt: new Date() });
  expect(parsed.errors).toEqual([]);
  return parsed.events;
}

/** The built-in brute-force correlation (packages/detection/rules/brute-force-login.yml). */
const BRUTE_FORCE = "f14d17e3-cf5d-4c52-9ea0-e7c3775f292a";

const alertTitles = async (tenantId: string) =>
  (await h.db.withTenant(tenantId, (tx) => tx.alert.findMany({ where: { tenantId } }))).map((a) => a.ruleTitle);
const outboxOf = (tenantId: string) =>
  h.db.withTenantClient(tenantId, async (c) => (await c.query<{ owner: string; attempts: number }>("select owner, attempts from detection_outbox order by id")).rows);
const allOutbox = async () => Number((await h.admin.pool.query<{ n: string }>("select count(*) as n from detection_outbox")).rows[0]?.n);

function recovery(owner: string, sink: EventSink = h.pipeline): DetectionRecovery {
  return new DetectionRecovery({ services: { db: h.db }, sink, owner, orphanAfterMs: 0, sweepEveryMs: 60_000, log: { info: () => undefined, error: () => undefined } });
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("detection outbox", () => {
  it("detects a batch committed by a process that died before detection, for its tenant only", async () => {
    const victim = await h.createTenant();
    const other = await h.createTenant();
    // The dead process: COMMIT (events + outbox row) happened, detection never ran.
    const stored = await copyIngestBatch({ db: h.db }, victim.tenantId, { events: bruteForce(victim.tenantId, "mallory"), deadLetters: [] }, { outboxOwner: "ingest-dead" });
    expect(stored.inserted).toBe(6);
    expect(stored.outboxId).toBeDefined();
    expect(await alertTitles(victim.tenantId)).toEqual([]);
    expect(await outboxOf(victim.tenantId)).toEqual([{ owner: "ingest-dead", attempts: 1 }]);
    expect(await outboxOf(other.tenantId)).toEqual([]); // RLS: another tenant sees no row

    const result = await recovery("ingest-next").sweep();
    await h.pipeline.drain();
    expect(result).toEqual({ batches: 1, events: 6, failed: 0, exhausted: 0 });
    expect((await alertTitles(victim.tenantId)).some((t) => t.startsWith("Brute force"))).toBe(true);
    expect(await alertTitles(other.tenantId)).toEqual([]);
    expect(await outboxOf(victim.tenantId)).toEqual([]);
    // Nothing left to do: a second sweep finds nothing.
    expect(await recovery("ingest-next").sweep()).toEqual({ batches: 0, events: 0, failed: 0, exhausted: 0 });
  });

  it("detects re-processed dead letters: a brute force rejected by an older parser alerts once re-parsed", async () => {
    const victim = await h.createTenant();
    // Six sshd failures of one account, 20 s apart, five minutes ago (RFC 3164 stamps, UTC).
    const lines = [0, 1, 2, 3, 4, 5].map((i) => {
      const [, day, month, time] = /^\w+, (\d+) (\w+) \d+ (\S+)/.exec(new Date(Date.now() - 300_000 + i * 20_000).toUTCString())!.slice(0, 4) as [string, string, string, string];
      return `${month} ${day.padStart(2, " ")} ${time} bastion-1 sshd[${900 + i}]: Failed password for svc-backup from 203.0.113.50 port ${40000 + i} ssh2`;
    });
    await h.db.withTenant(victim.tenantId, (tx) => tx.deadLetter.createMany({
      data: lines.map((raw) => ({ tenantId: victim.tenantId, receiver: "syslog", raw, reason: "unrecognized format (an older Vigil)" })),
    }));
    expect(await reprocessDeadLetters({ db: h.db }, { tenantId: victim.tenantId, role: "ANALYST" })).toMatchObject({ examined: 6, stored: 6, stillRejected: 0 });
    expect(await outboxOf(victim.tenantId)).toEqual([{ owner: "reprocess", attempts: 1 }]);
    expect(await recovery("ingest-live").sweep()).toMatchObject({ batches: 1, events: 6, failed: 0 });
    await h.pipeline.drain();
    expect((await alertTitles(victim.tenantId)).some((t) => t.startsWith("Brute force"))).toBe(true);
    expect(await outboxOf(victim.tenantId)).toEqual([]);
  });

  it("leaves nothing in the outbox once the live path has detected a batch", async () => {
    const tenant = await h.createTenant();
    const body = bruteForce(tenant.tenantId, "trudy").map((e) => e.raw).join("\n");
    const res = await h.app.inject({ method: "POST", url: "/services/collector/event", payload: body, headers: { authorization: `Splunk ${tenant.token}` } });
    expect(res.json()).toMatchObject({ code: 0, accepted: 6 });
    await h.pipeline.drain();
    expect((await alertTitles(tenant.tenantId)).some((t) => t.startsWith("Brute force"))).toBe(true);
    await until(async () => (await outboxOf(tenant.tenantId)).length === 0);
  });

  it("retries a batch whose detection failed, then gives it up after three attempts", async () => {
    const tenant = await h.createTenant();
    await copyIngestBatch({ db: h.db }, tenant.tenantId, { events: bruteForce(tenant.tenantId, "eve"), deadLetters: [] }, { outboxOwner: "ingest-dead" });
    let calls = 0;
    const failing: EventSink = { enqueue: async () => (calls++, false) };
    expect(await recovery("ingest-a", failing).sweep()).toEqual({ batches: 1, events: 6, failed: 1, exhausted: 0 });
    expect(await outboxOf(tenant.tenantId)).toEqual([{ owner: "released", attempts: 2 }]);
    expect(await recovery("ingest-b", failing).sweep()).toMatchObject({ batches: 1, failed: 1 });
    expect(await outboxOf(tenant.tenantId)).toEqual([{ owner: "released", attempts: 3 }]);
    expect(await recovery("ingest-c", failing).sweep()).toEqual({ batches: 0, events: 0, failed: 0, exhausted: 1 });
    expect(calls).toBe(2);
    expect(await outboxOf(tenant.tenantId)).toEqual([]);
  });

  describe("when recording fails (the application role may not insert alerts)", () => {
    const denyAlerts = () => h.admin.pool.query("revoke insert on alerts from vigil_app");
    const allowAlerts = () => h.admin.pool.query("grant insert on alerts to vigil_app");
    const alertsOf = async (tenantId: string) =>
      (await h.db.withTenant(tenantId, (tx) => tx.alert.findMany({ where: { tenantId } })))
        .map((a) => ({ title: a.ruleTitle, count: a.count, events: a.eventIds.length, entities: a.entities }))
        .sort((a, b) => a.title.localeCompare(b.title));
    afterAll(allowAlerts);

    it("records the correlation alert when the batch runs again, as a batch that never failed records it", async () => {
      const control = await h.createTenant();
      const victim = await h.createTenant();
      await copyIngestBatch({ db: h.db }, control.tenantId, { events: bruteForce(control.tenantId, "oscar"), deadLetters: [] }, { outboxOwner: "ingest-dead" });
      expect(await recovery("ingest-1").sweep()).toMatchObject({ batches: 1, failed: 0 });
      const expected = await alertsOf(control.tenantId);
      expect(expected.some((a) => a.title.startsWith("Brute force"))).toBe(true);

      await copyIngestBatch({ db: h.db }, victim.tenantId, { events: bruteForce(victim.tenantId, "oscar"), deadLetters: [] }, { outboxOwner: "ingest-dead" });
      await denyAlerts();
      try {
        expect(await recovery("ingest-2").sweep()).toMatchObject({ batches: 1, failed: 1 });
      } finally {
        await allowAlerts();
      }
      expect(await alertsOf(victim.tenantId)).toEqual([]);
      // The engine counted the six failures: running them again cannot fire the correlation, so it waits to be recorded.
      expect(h.pipeline.carriedMatches(victim.tenantId)).toBeGreaterThan(0);
      expect(h.pipeline.carriedMatches(control.tenantId)).toBe(0);

      expect(await recovery("ingest-3").sweep()).toMatchObject({ batches: 1, failed: 0 });
      expect(await alertsOf(victim.tenantId)).toEqual(expected);
      expect(h.pipeline.carriedMatches(victim.tenantId)).toBe(0);
      expect(await outboxOf(victim.tenantId)).toEqual([]);
      // The control tenant's alerts are untouched; neither tenant sees the other's.
      expect(await alertsOf(control.tenantId)).toEqual(expected);
    });

    it("gives carried correlation matches up after five failed recordings, logged with their rules", async () => {
      const tenant = await h.createTenant();
      // Each batch two minutes after the one before: the engine takes it in order, none is late.
      const start = Math.floor(Date.now() / 1000) - 3600;
      const batch = (i: number) => bruteForce(tenant.tenantId, `p${i}`, start + i * 120);
      await denyAlerts();
      try {
        let perBatch = 0;
        for (const i of [0, 1, 2, 3, 4]) {
          expect(await h.pipeline.enqueue(tenant.tenantId, batch(i))).toBe(false);
          perBatch ||= h.pipeline.carriedMatches(tenant.tenantId);
          expect(h.pipeline.carriedMatches(tenant.tenantId)).toBe(perBatch * (i + 1));
        }
        expect(perBatch).toBeGreaterThan(0);
        const before = h.logged.length;
        expect(await h.pipeline.enqueue(tenant.tenantId, batch(5))).toBe(false);
        expect(h.pipeline.carriedMatches(tenant.tenantId)).toBe(0);
        const given = h.logged.slice(before).find((l) => l.msg?.startsWith("correlation matches given up"));
        expect(given?.obj).toMatchObject({ tenantId: tenant.tenantId, matches: perBatch * 6, attempts: 6, rules: [BRUTE_FORCE] });
      } finally {
        await allowAlerts();
      }
      // Recording works again: the next batch records its own match only.
      expect(await h.pipeline.enqueue(tenant.tenantId, batch(6))).toBe(true);
      expect((await alertsOf(tenant.tenantId)).filter((a) => a.title.startsWith("Brute force"))).toHaveLength(1);
    });
  });

  it("detects each batch once when two processes sweep at the same time", async () => {
    const tenant = await h.createTenant();
    for (const user of ["u1", "u2", "u3", "u4"]) {
      await copyIngestBatch({ db: h.db }, tenant.tenantId, { events: bruteForce(tenant.tenantId, user), deadLetters: [] }, { outboxOwner: "ingest-dead" });
    }
    const seen: string[] = [];
    const counting: EventSink = { enqueue: async (_t, events) => (seen.push(...events.map((e) => e.id)), true) };
    const [a, b] = await Promise.all([recovery("ingest-x", counting).sweep(), recovery("ingest-y", counting).sweep()]);
    expect(a.batches + b.batches).toBe(4);
    expect(seen).toHaveLength(24);
    expect(new Set(seen).size).toBe(24);
    expect(await outboxOf(tenant.tenantId)).toEqual([]);
    expect(await allOutbox()).toBe(0);
  });
});
