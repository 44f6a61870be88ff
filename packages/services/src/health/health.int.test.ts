// Detection health against PostgreSQL (RLS as vigil_app): the published rule load, never-fired
// and noisy rules, daily counts and latency, per tenant.
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { loadRules, type DetectionMatch } from "@vigil/detection";
import type { VigilEvent } from "@vigil/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import { recordDetections } from "../detections";
import { AppError, type AppErrorCode } from "../errors";
import { storeEvents } from "../events";
import { detectionHealth, recordRuleLoad, ruleLoadReport } from "./index";

let tdb: TestDatabase;
let db: Db;
let n = 0;
const rejectsWith = (code: AppErrorCode, text?: string) => (e: unknown) => e instanceof AppError && e.code === code && (!text || e.message.includes(text));
// Real time: alerts.created_at is the database clock.
const NOW = new Date();
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

const rule = (id: string, extra = "") => `title: Rule ${id}\nid: ${id}\nlogsource: {product: vigil}\ndetection:\n  sel:\n    event.action: ${id}\n  condition: sel\nlevel: low\n${extra}`;
const RULES = [
  rule("quiet"), rule("noisy"), rule("once"), rule("base"),
  "title: Corr\nid: corr\ncorrelation:\n  type: event_count\n  rules: [base]\n  group-by: [user.name]\n  timespan: 1m\n  condition: {gte: 2}\nlevel: high\n",
  "title: Broken\nid: broken\nlogsource: {product: vigil}\ndetection:\n  sel:\n    event.action|nosuchmodifier: x\n  condition: sel\n",
].join("---\n");

async function tenant(): Promise<string> {
  n++;
  return (await signUp({ db }, { email: `hl-${n}@t.test`, password: "password-hhhh", name: "H", organizationName: `Health ${n}` })).tenant.id;
}

function match(ruleId: string, user: string, lastSeen: string): DetectionMatch {
  return {
    kind: "event", ruleId, ruleTitle: `Rule ${ruleId}`, level: "low", severity: "LOW", tactics: [], techniques: [],
    groupKey: `user.name=${user}`, firstSeen: lastSeen, lastSeen, eventIds: [`${ruleId}-${user}`], entities: { user: [user], host: [], ip: [], file: [] },
  };
}

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 3 });
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe("detectionHealth", () => {
  it("reports loaded and failed rules, never-fired and noisy rules, daily counts and latency", async () => {
    const t = await tenant();
    const other = await tenant();
    const set = loadRules([{ file: "pack.yml", text: RULES }]);
    expect(set.errors).toHaveLength(1);
    const before = await detectionHealth({ db }, { tenantId: t }, {}, NOW);
    expect(before.rules).toMatchObject({ reported: false, loaded: 0 });
    expect(before.lag).toMatchObject({ lastEventAt: null, sinceLastEventMs: null, detectP50Ms: null });
    await recordRuleLoad({ db }, ruleLoadReport(set, "ingest"));

    // 30 distinct noisy alerts in the last day (> 2/day over 7 days with threshold 4 -> 30/7 = 4.3/day), 1 "once".
    const noisy = Array.from({ length: 30 }, (_, i) => match("noisy", `u${i}`, minutesAgo(60 + i)));
    await recordDetections({ db }, t, noisy, { now: new Date(NOW.getTime() - 30 * 60_000) });
    await recordDetections({ db }, t, [match("once", "alice", minutesAgo(2))], { now: NOW });
    // Another tenant's alerts of the quiet rule must not make it "fired" here.
    await recordDetections({ db }, other, [match("quiet", "x", minutesAgo(1))], { now: NOW });
    const event: VigilEvent = { id: "last-1", "@timestamp": minutesAgo(3), event: { action: "x" }, vigil: { receiver: "test" }, original: {}, raw: "x" };
    await storeEvents({ db }, t, [event]);

    const h = await detectionHealth({ db }, { tenantId: t }, { days: 7, noisyPerDay: 4 }, NOW);
    expect(h.rules).toMatchObject({ reported: true, source: "ingest", loaded: 4, correlations: 1 });
    expect(h.rules.failed).toEqual([expect.objectContaining({ file: "pack.yml", reason: expect.stringContaining("nosuchmodifier") })]);
    // "base" only feeds the correlation (silent): not reported as never fired.
    expect(h.neverFired.rules.map((r) => r.id).sort()).toEqual(["corr", "quiet"]);
    expect(h.neverFired.total).toBe(2);
    expect(h.noisy.rules).toEqual([expect.objectContaining({ ruleId: "noisy", alerts: 30, detections: 30 })]);
    expect(h.noisy.rules[0]!.alertsPerDay).toBeCloseTo(30 / 7);
    expect(h.daily).toHaveLength(8);
    expect(h.daily.reduce((s, d) => s + d.alerts, 0)).toBe(31);
    // Latency: 30 alerts created 30..59 min after their event, one 2 min after: the median is the 16th, 44 min.
    expect(h.lag.alertsMeasured).toBe(31);
    expect(h.lag.detectP50Ms).toBe(44 * 60_000);
    expect(h.lag.detectP95Ms).toBeGreaterThan(55 * 60_000);
    expect(h.lag.lastEventAt?.toISOString()).toBe(minutesAgo(3));
    expect(h.lag.sinceLastEventMs).toEqual(expect.any(Number));

    const theirs = await detectionHealth({ db }, { tenantId: other }, { days: 7, noisyPerDay: 4 }, NOW);
    expect(theirs.neverFired.rules.map((r) => r.id).sort()).toEqual(["corr", "noisy", "once"]);
    expect(theirs.noisy.rules).toEqual([]);
    expect(theirs.lag).toMatchObject({ alertsMeasured: 1, lastEventAt: null });
  }, 30_000);

  it("prefers a tenant's own rule load over the shared one, invisible to other tenants", async () => {
    const t = await tenant();
    const other = await tenant();
    await recordRuleLoad({ db }, ruleLoadReport(loadRules([{ file: "a.yml", text: rule("shared") }]), "ingest"));
    await recordRuleLoad({ db }, ruleLoadReport(loadRules([{ file: "b.yml", text: [rule("own1"), rule("own2")].join("---\n") }]), "ingest", t));
    expect((await detectionHealth({ db }, { tenantId: t })).neverFired.rules.map((r) => r.id)).toEqual(["own1", "own2"]);
    expect((await detectionHealth({ db }, { tenantId: other })).neverFired.rules.map((r) => r.id)).toEqual(["shared"]);
    const rows = await db.withTenant(other, (tx) => tx.detectionRuleLoad.findMany());
    expect(rows.map((r) => r.tenantId)).toEqual([null]);
  }, 30_000);

  it("lists the rules waiting for empty named lists, for their tenant only", async () => {
    const t = await tenant();
    const other = await tenant();
    const waits = rule("dc", "").replace("    event.action: dc\n", "    event.action: dc\n    host.name|expand: '%DomainControllers%'\n");
    await recordRuleLoad({ db }, ruleLoadReport(loadRules([{ file: "w.yml", text: [waits, rule("plain")].join("---\n") }]), "ingest", t));
    const h = await detectionHealth({ db }, { tenantId: t });
    expect(h.rules.failed).toEqual([]);
    expect(h.rules.waiting).toEqual({ total: 1, lists: ["DomainControllers"], rules: [expect.objectContaining({ id: "dc", waitingFor: ["DomainControllers"] })] });
    expect((await detectionHealth({ db }, { tenantId: other })).rules.waiting).toEqual({ total: 0, lists: [], rules: [] });
  }, 30_000);

  it("answers bad input with a clear error", async () => {
    const t = await tenant();
    await expect(detectionHealth({ db }, { tenantId: t }, { days: 0 })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "days"));
    await expect(detectionHealth({ db }, { tenantId: t }, { days: 91 })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "days"));
    await expect(detectionHealth({ db }, { tenantId: t }, { noisyPerDay: -1 })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "noisyPerDay"));
    await expect(recordRuleLoad({ db }, { source: "", rules: [], failed: [] })).rejects.toSatisfy(rejectsWith("BAD_REQUEST", "source"));
  });
});
