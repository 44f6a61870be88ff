// UEBA through the real ingest path: NDJSON over HTTP -> event log -> COPY into PostgreSQL ->
// both sinks (rules and UEBA, fanned out as main.ts does). A simulated tenant's month of history,
// a model trained from the stored windows, then the 2 a.m. bulk download: the entity-risk alert
// must be in the alerts table within seconds of the request that carried the events being answered.
import { createDb, type Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls, type TestDatabase } from "@vigil/db/testing";
import { DetectionEngine, loadBuiltinRules } from "@vigil/detection";
import { simulateTenant } from "@vigil/ml";
import type { VigilEvent } from "@vigil/schema";
import { signUp } from "@vigil/services/accounts";
import { UEBA_RULE_ID } from "@vigil/services/ueba";
import { trainUebaModel } from "@vigil/services/ueba/stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InProcessLog } from "./log/in-process";
import { storeWriter } from "./log/writer";
import { DetectionPipeline, type PipelineLogger } from "./pipeline";
import { buildIngestServer } from "./server";
import { createUebaSink, fanOutSinks, type UebaIngestSink } from "./ueba";

let tdb: TestDatabase;
let db: Db;
let app: FastifyInstance;
let eventLog: InProcessLog;
let rules: DetectionPipeline;
let ueba: UebaIngestSink;
const log: PipelineLogger = { info: () => undefined, error: (obj, msg) => console.error(msg, obj) };

/** A simulated event as a generic JSON sender would ship it (the parser normalizes it again). */
function toRecord(e: VigilEvent): Record<string, unknown> {
  const o = e.original ?? {};
  return {
    "@timestamp": e["@timestamp"], user: o.user, action: o.action, src_ip: o.src_ip, host: o.host, department: o.department,
    ...(e.event.outcome ? { outcome: e.event.outcome } : {}),
    ...(o.bytes_downloaded !== undefined ? { bytes_downloaded: o.bytes_downloaded } : {}),
    ...(o.records !== undefined ? { records: o.records } : {}),
    ...(o.path !== undefined ? { path: o.path } : {}),
  };
}

async function post(token: string, events: VigilEvent[]): Promise<void> {
  const body = events.map((e) => JSON.stringify(toRecord(e))).join("\n");
  const res = await app.inject({ method: "POST", url: "/v1/events", payload: body, headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" } });
  expect(res.statusCode, res.body).toBe(200);
}

async function account(n: string): Promise<{ tenantId: string; token: string }> {
  const a = await signUp({ db }, { email: `ueba-ingest-${n}@t.test`, password: `password-${n}-xxxx`, name: "U", organizationName: `Ueba ingest ${n}` });
  return { tenantId: a.tenant.id, token: a.ingestToken.plaintext };
}

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 5 });
  const services = { db };
  rules = new DetectionPipeline({ services, engine: new DetectionEngine(loadBuiltinRules()), log });
  ueba = createUebaSink({ services, log, idleTickMs: 0, modelCheckMs: 0 });
  const sink = fanOutSinks([rules, ueba], log);
  eventLog = new InProcessLog();
  void eventLog.start(storeWriter(services, sink));
  app = buildIngestServer({ services, sink, eventLog, maxBodyBytes: 16 * 1024 * 1024 });
  await app.ready();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await eventLog?.close();
  await rules?.drain();
  await ueba?.close();
  await db?.close();
  await tdb?.drop();
});

describe("UEBA on the ingest stream", () => {
  it("alerts on the 2 a.m. bulk download seconds after its events are acknowledged; the other tenant sees nothing", async () => {
    const a = await account("a");
    const b = await account("b");
    const sim = simulateTenant({ seed: 11, users: 40, days: 22, scenarioFromDay: 21, scenariosPerKind: 1, kinds: ["bulk_theft"] });
    const all: VigilEvent[] = [];
    for (const chunk of sim.events()) all.push(...chunk);
    const theft = sim.scenarios[0]!;
    const history = all.filter((e) => Date.parse(e["@timestamp"]) < theft.start);
    const live = all.filter((e) => Date.parse(e["@timestamp"]) >= theft.start && Date.parse(e["@timestamp"]) <= theft.end);
    for (let i = 0; i < history.length; i += 5_000) await post(a.token, history.slice(i, i + 5_000));
    // Tenant B gets an ordinary month of its own (another simulated company).
    const other = simulateTenant({ seed: 12, users: 10, days: 22 });
    for (const chunk of other.events()) await post(b.token, chunk);
    await ueba.drain();
    await trainUebaModel({ db }, { tenantId: a.tenantId, seed: 7, epochs: 5 });
    const uebaAlerts = (tenantId: string) => db.withTenant(tenantId, (tx) => tx.alert.findMany({ where: { ruleId: UEBA_RULE_ID } }));
    const before = (await uebaAlerts(a.tenantId)).length;

    let ackedAt = 0;
    let alertedAt = 0;
    for (let i = 0; i < live.length && alertedAt === 0; i += 3) {
      await post(a.token, live.slice(i, i + 3));
      ackedAt ||= Date.now();
      // Poll like a portal would, without waiting for the sink: the latency is what a user sees.
      const deadline = Date.now() + 2_000;
      while (Date.now() < deadline) {
        const found = (await uebaAlerts(a.tenantId)).filter((x) => x.groupKey === `user:${theft.user}`);
        if (found.length > 0) {
          alertedAt = Date.now();
          break;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    expect(alertedAt, "no UEBA alert for the bulk download").toBeGreaterThan(0);
    console.info(`ueba via ingest: alert ${alertedAt - ackedAt} ms after the first theft events were acknowledged (HTTP 200, committed)`);
    expect(alertedAt - ackedAt).toBeLessThan(60_000);
    const alerts = await uebaAlerts(a.tenantId);
    expect(alerts.length).toBe(before + 1);
    const alert = alerts.find((x) => x.groupKey === `user:${theft.user}`)!;
    console.info(`ueba via ingest: ${alert.ruleTitle} [${alert.techniques.join(", ")}]`);
    expect(alert.ruleTitle).toMatch(/downloaded vs a usual|records downloaded vs usually/);
    expect(alert.incidentId).not.toBeNull();
    expect(await uebaAlerts(b.tenantId)).toEqual([]);
    expect(await db.withTenant(b.tenantId, (tx) => tx.alert.count({ where: { groupKey: `user:${theft.user}` } }))).toBe(0);
  }, 300_000);
});
