// UEBA end to end through PostgreSQL (RLS as vigil_app): a simulated tenant's history streams
// through the sink, a model is trained from the stored windows, then the 2 a.m. bulk download is
// stored and handed to the sink like ingest does -> an entity-risk alert with its explanation.
import { createDb, type Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls, type TestDatabase } from "@vigil/db/testing";
import { simulateTenant } from "@vigil/ml";
import type { VigilEvent } from "@vigil/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import { storeEvents } from "../events";
import { isAppError } from "../errors";
import { entityRisk, entityTimeline, modelStatus, UEBA_RULE_ID } from "./index";
import { recordDetections } from "../detections";
import { recordUebaAlerts, UEBA_ALERTS_PER_TRANSACTION, UEBA_STORM_KEY } from "./alerts";
import { trainUebaModel, UebaSink, listUebaTenants, type UebaAlertsRecorded } from "./stream";
import { latestModelVersion, loadLatestModels } from "./stream/models";
import { decodeSnapshot } from "./stream/codec";

let tdb: TestDatabase;
let db: Db;
let tenantA: string;
let tenantB: string;
const quiet = { info: () => undefined, error: (obj: object, msg?: string) => console.error(msg, obj) };

async function tenant(n: string): Promise<string> {
  return (await signUp({ db }, { email: `ueba-${n}@t.test`, password: "password-uuuu", name: "U", organizationName: `Ueba ${n}` })).tenant.id;
}

/** A successful sign-in of `user` from `ip` on `host` at `at` (epoch ms). */
function logon(id: string, at: number, user: string, ip: string, host: string): VigilEvent {
  return {
    id, "@timestamp": new Date(at).toISOString(), event: { action: "logon", category: "authentication", outcome: "success" },
    user: { name: user }, source: { ip }, host: { name: host }, vigil: { receiver: "ndjson", sourcetype: "t" }, original: {}, raw: "",
  };
}

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 4 });
  tenantA = await tenant("a");
  tenantB = await tenant("b");
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe("UEBA sink, training and alerts", () => {
  it("alerts on the 2 a.m. bulk download within seconds of its events being stored, and only for its tenant", async () => {
    const sim = simulateTenant({ seed: 11, users: 40, days: 22, scenarioFromDay: 21, scenariosPerKind: 1, kinds: ["bulk_theft"], tenantId: tenantA });
    const all: VigilEvent[] = [];
    for (const chunk of sim.events()) all.push(...chunk);
    const theft = sim.scenarios[0]!;
    expect(theft.kind).toBe("bulk_theft");
    const history = all.filter((e) => Date.parse(e["@timestamp"]) < theft.start);
    const live = all.filter((e) => Date.parse(e["@timestamp"]) >= theft.start && Date.parse(e["@timestamp"]) <= theft.end);

    const recorded: UebaAlertsRecorded[] = [];
    const sink = new UebaSink({ deps: { db }, log: quiet, idleTickMs: 0, modelCheckMs: 0, onAlerts: (r) => recorded.push(r) });
    const t0 = Date.now();
    for (let i = 0; i < history.length; i += 2_000) sink.enqueue(tenantA, history.slice(i, i + 2_000));
    await sink.drain();
    const seconds = (Date.now() - t0) / 1000;
    console.info(`ueba: sink took ${history.length} history events (features, prior scoring, windows stored) in ${seconds.toFixed(1)} s = ${Math.round(history.length / seconds)} events/s (includes building the prior)`);
    expect(recorded.filter((r) => r.alerts.length > 0 && r.tenantId === tenantA).length).toBeLessThanOrEqual(2); // the prior may flag a few

    // Scheduled training, as the worker's activity runs it.
    expect(await listUebaTenants({ db })).toEqual(expect.arrayContaining([tenantA]));
    const trained = await trainUebaModel({ db }, { tenantId: tenantA, seed: 7, epochs: 5 });
    expect(trained).toMatchObject({ tenantId: tenantA, version: 1 });
    expect(trained.series.map((s) => s.series)).toEqual(["hour", "day"]);
    expect(trained.series[0]!.rows).toBeGreaterThan(1_000);
    await sink.reloadModels(tenantA);
    const alertsBefore = await db.withTenant(tenantA, (tx) => tx.alert.count({ where: { ruleId: UEBA_RULE_ID } }));

    // Live: the theft arrives a few events at a time; each batch is committed, then handed over.
    let firstCommittedAt = 0;
    let alertSeenAt = 0;
    let alertBatchEnd = 0;
    for (let i = 0; i < live.length; i += 3) {
      const batch = live.slice(i, i + 3);
      await storeEvents({ db }, tenantA, batch);
      if (firstCommittedAt === 0) firstCommittedAt = Date.now();
      sink.enqueue(tenantA, batch);
      await sink.drain();
      const n = await db.withTenant(tenantA, (tx) => tx.alert.count({ where: { ruleId: UEBA_RULE_ID, entities: { path: ["user"], array_contains: [theft.user] } } }));
      if (n > 0) {
        alertSeenAt = Date.now();
        alertBatchEnd = Date.parse(batch.at(-1)!["@timestamp"]);
        break;
      }
    }
    expect(alertSeenAt, "no alert for the bulk download").toBeGreaterThan(0);
    const latencyMs = alertSeenAt - firstCommittedAt;
    console.info(`ueba: 2 a.m. bulk download -> alert ${latencyMs} ms (wall clock) after its first events were committed; the batch that crossed the threshold ends ${
      (alertBatchEnd - theft.start) / 1000} s (event time) into the theft`);
    expect(latencyMs).toBeLessThan(60_000);

    const alerts = await db.withTenant(tenantA, (tx) => tx.alert.findMany({ where: { ruleId: UEBA_RULE_ID }, orderBy: { createdAt: "desc" } }));
    expect(alerts.length).toBe(alertsBefore + 1);
    const alert = alerts[0]!;
    expect(alert.ruleTitle).toMatch(new RegExp(`^Unusual behaviour of user ${theft.user.replace(".", "\\.")}: `));
    expect(alert.ruleTitle).toMatch(/[MG]B downloaded vs a usual|records downloaded vs usually|sensitive files? touched/);
    expect(alert.techniques).toEqual(expect.arrayContaining(["T1048"]));
    expect(alert.incidentId).not.toBeNull();
    expect(alert.eventIds.length).toBeGreaterThan(0);

    const top = await entityRisk({ db }, { tenantId: tenantA }, { limit: 5 }, new Date(theft.end));
    expect(top[0]).toMatchObject({ entity: `user:${theft.user}`, lastAlertId: alert.id });
    expect(top[0]!.risk).toBeGreaterThanOrEqual(2);
    const timeline = await entityTimeline({ db }, { tenantId: tenantA }, { entity: `user:${theft.user}`, days: 60 }, new Date(theft.end));
    const anomaly = timeline.anomalies.find((a) => a.alertId === alert.id)!;
    expect(anomaly.early).toBe(true);
    expect(anomaly.modelVersion).toBe(1);
    const texts = anomaly.explanations.map((e) => e.text).join("; ");
    expect(texts).toMatch(/(GB|MB) downloaded vs a usual/);
    expect(texts).toMatch(/active at \d\d:\d\d UTC vs usual \d\d:\d\d to \d\d:\d\d UTC/);
    console.info(`ueba: explanation: ${texts}`);
    expect(timeline.windows.length).toBeGreaterThan(10);
    expect(timeline.riskSeries.some((p) => p.risk >= 2)).toBe(true);
    const status = await modelStatus({ db }, { tenantId: tenantA });
    expect(status).toMatchObject({ source: "tenant", version: 1 });
    expect(status.series[0]).toMatchObject({ series: "hour", backend: expect.stringMatching(/wasm|tensorflow|cpu/) as unknown as string });

    // Another tenant sees none of it.
    expect(await entityRisk({ db }, { tenantId: tenantB })).toEqual([]);
    expect(await modelStatus({ db }, { tenantId: tenantB })).toMatchObject({ source: "prior", version: 0, featureWindows: 0 });
    await expect(entityTimeline({ db }, { tenantId: tenantB }, { entity: `user:${theft.user}` })).rejects.toSatisfy((e: unknown) => isAppError(e) && e.code === "NOT_FOUND");
    expect(await db.withTenant(tenantB, (tx) => tx.alert.count())).toBe(0);
    await sink.close();
  }, 240_000);

  it("resumes a window across a restart from the stored state", async () => {
    const t = await tenant("restart");
    const base = Date.UTC(2026, 10, 20, 9, 0);
    const ev = (i: number) => logon(`r-${i}`, base + i * 60_000, "carol", "198.51.100.9", "ws-9");
    const first = new UebaSink({ deps: { db }, log: quiet, idleTickMs: 0 });
    first.enqueue(t, Array.from({ length: 10 }, (_, i) => ev(i)));
    await first.close();
    const second = new UebaSink({ deps: { db }, log: quiet, idleTickMs: 0 });
    second.enqueue(t, Array.from({ length: 10 }, (_, i) => ev(10 + i)));
    // An event two hours later closes the 09:00 window.
    second.enqueue(t, [ev(180)]);
    await second.close();
    const rows = await db.withTenantClient(t, async (c) => (await c.query<{ event_count: number; values: number[] }>(
      "select event_count, \"values\" from ueba_feature_windows where tenant_id = $1 and series = 'hour' and entity = 'user:carol' and window_start = $2",
      [t, new Date(base)],
    )).rows);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.event_count).toBe(20);
    expect(rows[0]!.values[0]).toBe(20); // sign-ins: both halves counted
  }, 60_000);

  it("writes a batch again when its write failed (a database blip loses no window, anomaly or alert)", async () => {
    const t = await tenant("retry");
    const base = Date.UTC(2026, 10, 21, 9, 0);
    const ev = (i: number) => logon(`w-${i}`, base + i * 60_000, "dave", "198.51.100.8", "ws-8");
    const logged: { msg: string | undefined; obj: object }[] = [];
    const admin = createDb({ url: tdb.adminUrl, max: 1 });
    const sink = new UebaSink({ deps: { db }, log: { info: () => undefined, error: (obj, msg) => void logged.push({ obj, msg }) }, idleTickMs: 0, writeRetryDelaysMs: [1_500] });
    try {
      await admin.pool.query("revoke insert on ueba_feature_windows from vigil_app");
      // Ten sign-ins in the 09:00 window, then one two hours later: the 09:00 window closes and is written.
      sink.enqueue(t, [...Array.from({ length: 10 }, (_, i) => ev(i)), ev(180)]);
      const deadline = Date.now() + 20_000;
      while (!logged.some((l) => l.msg?.startsWith("ueba: batch write failed, trying again")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await admin.pool.query("grant insert on ueba_feature_windows to vigil_app");
      await sink.drain();
    } finally {
      await admin.pool.query("grant insert on ueba_feature_windows to vigil_app");
      await admin.close();
      await sink.close();
    }
    expect(logged.map((l) => l.msg)).toEqual(["ueba: batch write failed, trying again in 1500 ms"]);
    expect(logged[0]?.obj).toMatchObject({ tenantId: t, attempt: 1 });
    const rows = await db.withTenantClient(t, async (c) => (await c.query<{ event_count: number }>(
      "select event_count from ueba_feature_windows where tenant_id = $1 and series = 'hour' and entity = 'user:dave' and window_start = $2", [t, new Date(base)],
    )).rows);
    expect(rows).toEqual([{ event_count: 10 }]);
  }, 60_000);

  it("stores its state compressed, reads state saved as JSON before that, and starts a part fresh (logged) when its bytes are unreadable", async () => {
    const t = await tenant("codec");
    const base = Date.UTC(2026, 10, 22, 9, 0);
    const ev = (i: number) => logon(`c-${i}`, base + i * 60_000, "erin", "198.51.100.7", "ws-7");
    const first = new UebaSink({ deps: { db }, log: quiet, idleTickMs: 0 });
    first.enqueue(t, Array.from({ length: 10 }, (_, i) => ev(i)));
    await first.close();
    const stored = await db.withTenantClient(t, async (c) => (await c.query<{ series: string; snapshot: Buffer }>("select series, snapshot from ueba_state where tenant_id = $1 order by series", [t])).rows);
    expect(stored.map((r) => r.series)).toEqual(["day", "hour"]);
    for (const row of stored) expect(row.snapshot.subarray(0, 4).toString("latin1")).toBe("VUB1");
    // The rows as the migration left older ones (JSON text as bytes); the risk state unreadable.
    await db.withTenantClient(t, async (c) => {
      for (const row of stored) {
        await c.query("update ueba_state set snapshot = $3 where tenant_id = $1 and series = $2", [t, row.series, Buffer.from(JSON.stringify(await decodeSnapshot(row.snapshot)))]);
      }
      await c.query("update ueba_risk_state set snapshot = $2 where tenant_id = $1", [t, Buffer.from("VUB1garbage")]);
    });
    // Another tenant sees none of it.
    expect(await db.withTenantClient(tenantB, async (c) => (await c.query("select 1 from ueba_state where tenant_id = $1 union all select 1 from ueba_risk_state where tenant_id = $1", [t])).rowCount)).toBe(0);
    const errors: { obj: object; msg?: string }[] = [];
    const second = new UebaSink({ deps: { db }, log: { info: () => undefined, error: (obj, msg) => void errors.push({ obj, msg }) }, idleTickMs: 0 });
    second.enqueue(t, Array.from({ length: 10 }, (_, i) => ev(10 + i)));
    second.enqueue(t, [ev(180)]);
    await second.close();
    expect(errors).toEqual([{ obj: expect.objectContaining({ tenantId: t, snapshot: "ueba_risk_state", reason: expect.stringMatching(/do not decompress/) }), msg: "ueba: saved state unreadable, that part starts fresh" }]);
    const rows = await db.withTenantClient(t, async (c) => (await c.query<{ event_count: number }>(
      "select event_count from ueba_feature_windows where tenant_id = $1 and series = 'hour' and entity = 'user:erin' and window_start = $2",
      [t, new Date(base)],
    )).rows);
    expect(rows.map((r) => r.event_count)).toEqual([20]); // the JSON-era state carried the first ten events over
    const risk = await db.withTenantClient(t, async (c) => (await c.query<{ snapshot: Buffer }>("select snapshot from ueba_risk_state where tenant_id = $1", [t])).rows);
    expect(await decodeSnapshot(risk[0]!.snapshot)).toMatchObject({ version: 1 }); // written fresh again
  }, 60_000);

  it("holds its caller past its queue bound until the backlog is processed", async () => {
    const t = await tenant("bound");
    const sink = new UebaSink({ deps: { db }, log: quiet, idleTickMs: 0, maxQueuedEvents: 5 });
    const ev = (i: number): VigilEvent => ({
      id: `b-${i}`, "@timestamp": new Date(Date.UTC(2026, 10, 21, 10, i)).toISOString(), event: { action: "logon" }, user: { name: "dave" },
      vigil: { receiver: "ndjson" }, original: {}, raw: "",
    });
    await sink.ready();
    sink.enqueue(t, Array.from({ length: 8 }, (_, i) => ev(i)));
    expect(sink.backlog).toBe(8);
    let ready = false;
    const waiting = sink.ready().then(() => (ready = true));
    expect(ready).toBe(false);
    await waiting;
    expect(sink.backlog).toBe(0);
    await sink.close();

    // "shed": never holds the caller; what does not fit is counted, not queued.
    const shedding = new UebaSink({ deps: { db }, log: { info: () => undefined, error: () => undefined }, idleTickMs: 0, maxQueuedEvents: 5, overflow: "shed" });
    shedding.enqueue(t, Array.from({ length: 8 }, (_, i) => ev(20 + i)));
    shedding.enqueue(t, Array.from({ length: 3 }, (_, i) => ev(30 + i)));
    expect(shedding.backlog).toBe(8);
    expect(shedding.shed).toBe(3);
    await shedding.ready();
    await shedding.close();
  }, 60_000);

  it("records a storm of entity alerts a chunk per transaction, so a rule alert of the tenant gets in between", async () => {
    const tenantD = await tenant("d");
    const at = Date.UTC(2026, 10, 28, 3, 0);
    const storm = Array.from({ length: 5 * UEBA_ALERTS_PER_TRANSACTION }, (_, i) => ({
      entity: `user:storm-${i}`, firstAt: at, at, risk: 3, explanations: [`${i + 2} hosts vs usually 1`], attack: [], eventIds: [`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`],
    }));
    // The rule alert is recorded once the storm's first chunk has committed.
    let ruleRecordedAt = 0;
    let stormDoneAt = 0;
    const recording = recordUebaAlerts({ db }, tenantD, storm).then((r) => ((stormDoneAt = performance.now()), r));
    while ((await db.withTenant(tenantD, (tx) => tx.alert.count())) === 0) await new Promise((r) => setTimeout(r, 1));
    await recordDetections({ db }, tenantD, [{
      kind: "event", ruleId: "rule-during-storm", ruleTitle: "Audit log cleared", level: "high", severity: "HIGH", tactics: [], techniques: [],
      groupKey: "host:h1", firstSeen: new Date(at).toISOString(), lastSeen: new Date(at).toISOString(), eventIds: [], entities: { user: [], host: ["h1"], ip: [], file: [] },
    }]);
    ruleRecordedAt = performance.now();
    const result = await recording;
    expect(result.alerts).toHaveLength(storm.length);
    expect(result.alerts.every((a) => a.created && a.ruleId === UEBA_RULE_ID)).toBe(true);
    expect(new Set(result.newIncidents.map((i) => i.id)).size).toBe(result.newIncidents.length);
    // Recorded while the storm still had chunks to go, not after all of them.
    expect(ruleRecordedAt).toBeLessThan(stormDoneAt);
    expect(await db.withTenant(tenantD, (tx) => tx.alert.count())).toBe(storm.length + 1);
    expect(await db.withTenant(tenantB, (tx) => tx.alert.count({ where: { ruleId: UEBA_RULE_ID } }))).toBe(0);
  }, 60_000);

  it("folds the entities past the alert budget into one alert that counts up, not an alert and incident each", async () => {
    const tenantE = await tenant("e");
    const at = Date.UTC(2026, 10, 28, 4, 0);
    const input = (i: number, minute: number) => ({
      entity: `user:crowd-${i}`, firstAt: at, at: at + minute * 60_000, risk: 3, explanations: ["9 new hosts vs usually 0"], attack: [], eventIds: [],
    });
    const first = await recordUebaAlerts({ db }, tenantE, [input(0, 0), input(1, 0)], Array.from({ length: 30 }, (_, i) => input(2 + i, 0)));
    expect(first.alerts).toHaveLength(3);
    expect(first.newIncidents).toHaveLength(3);
    const second = await recordUebaAlerts({ db }, tenantE, [], Array.from({ length: 40 }, (_, i) => input(100 + i, 1)));
    expect(second.alerts).toEqual([expect.objectContaining({ created: false, count: 2 })]);
    expect(second.newIncidents).toEqual([]);
    const storm = await db.withTenant(tenantE, (tx) => tx.alert.findMany({ where: { groupKey: UEBA_STORM_KEY } }));
    expect(storm).toHaveLength(1);
    expect(storm[0]!.ruleTitle).toMatch(/^Unusual behaviour of many entities at once, past the alert budget \(user crowd-2, user crowd-3, user crowd-4, \.\.\.\)/);
    expect(await db.withTenant(tenantE, (tx) => tx.incident.count())).toBe(3);
    expect(await db.withTenant(tenantB, (tx) => tx.alert.count({ where: { groupKey: UEBA_STORM_KEY } }))).toBe(0);
  });

  it("answers bad input with a clear error", async () => {
    await expect(entityTimeline({ db }, { tenantId: tenantA }, { entity: "nobody" })).rejects.toThrow(/entity must look like/);
    await expect(entityRisk({ db }, { tenantId: tenantA }, { limit: 0 })).rejects.toSatisfy((e: unknown) => isAppError(e) && e.code === "BAD_REQUEST");
    await expect(trainUebaModel({ db }, { tenantId: tenantA, epochs: 0 })).rejects.toThrow(/epochs must be/);
  });

  it("runs a series on the prior while its stored model predates a feature (until the next training)", async () => {
    const tenantC = await tenant("c");
    const admin = createDb({ url: tdb.adminUrl, max: 1 });
    try {
      // Tenant A's trained models, as if trained before the last feature (distinctAsns) was added.
      await admin.pool.query(
        `insert into ueba_models (tenant_id, version, series, kind, seed, backend, training_rows, threshold, meta, baselines, topology, weight_specs, weights)
         select $1, version, series, kind, seed, backend, training_rows, threshold,
                jsonb_set(meta, '{featureNames}', (meta->'featureNames') - (jsonb_array_length(meta->'featureNames') - 1)),
                baselines, topology, weight_specs, weights
           from ueba_models where tenant_id = $2`,
        [tenantC, tenantA],
      );
    } finally {
      await admin.close();
    }
    expect(await loadLatestModels({ db }, tenantC)).toEqual([]);
    expect(await latestModelVersion({ db }, tenantC)).toBe(0);
    expect(await modelStatus({ db }, { tenantId: tenantC })).toMatchObject({ source: "prior", version: 0 });
    expect((await loadLatestModels({ db }, tenantA)).length).toBeGreaterThan(0);
  });
});
