// UEBA on the stream (`npm run bench:ueba`): does behaviour analytics keep up with ingest? A
// simulated tenant (users x days of realistic activity from @vigil/ml's simulator) is replayed in
// 1,000-event batches on a throwaway migrated database, twice in the same run:
//   1. baseline: the ingest store writer alone (COPY, RLS) -- what ingest sustains per tenant;
//   2. the feature computation alone: the tenant's stream in memory (features per entity and
//      window, early and closed-window scoring, risk), no database;
//   3. the UEBA sink on the same batches (features per entity and window, scoring with the global
//      prior, windows/anomalies/state stored in PostgreSQL). A replay of D days closes and stores
//      D x 24 hourly windows per entity within seconds: the worst case;
//   4. the UEBA sink, second tenant, on the same events re-timed into one hour of event time: live
//      traffic at a high rate (each window closes once an hour). Compressing a month into an hour
//      makes every user anomalous, so this phase also pays for recording an alert per user.
// Prints the rates and their ratios to the store writer. Needs DATABASE_ADMIN_URL and DATABASE_URL.
// Usage: npm run bench:ueba [-- --users 300 --days 30]
import { cpus } from "node:os";
import { createDb } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import { readEnv } from "@vigil/env";
import { initBackend, simulateTenant } from "@vigil/ml";
import type { VigilEvent } from "@vigil/schema";
import { signUp } from "../src/accounts";
import { copyIngestBatch } from "../src/events";
import { UEBA_SERIES, type SeriesName } from "../src/ueba/series";
import { UebaSink } from "../src/ueba/stream";
import { priorDetector } from "../src/ueba/stream/models";
import { TenantStream, type SeriesModel } from "../src/ueba/stream/tenant-stream";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const USERS = arg("users", 300);
const DAYS = arg("days", 30);
const BATCH = 1_000;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

const env = readEnv("database");
const tdb = await createTestDatabase(testDatabaseUrls({ DATABASE_URL: env.DATABASE_URL, DATABASE_ADMIN_URL: env.DATABASE_ADMIN_URL }));
const db = createDb({ url: tdb.appUrl, max: 4 });
try {
  const account = await signUp({ db }, { email: "bench-ueba@t.test", password: "password-bench", name: "Bench", organizationName: "Bench UEBA" });
  const tenantId = account.tenant.id;
  const sim = simulateTenant({ seed: 7, users: USERS, days: DAYS, tenantId });
  const events: VigilEvent[] = [];
  for (const chunk of sim.events()) events.push(...chunk);
  const batches: VigilEvent[][] = [];
  for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  console.log(`machine: ${cpu}, ${cpus().length} cores, node ${process.version}; ${USERS} users x ${DAYS} days = ${fmt(events.length)} events in ${batches.length} batches of ${BATCH}`);

  const t0 = performance.now();
  for (const batch of batches) await copyIngestBatch({ db }, tenantId, { events: batch, deadLetters: [] });
  const storeRate = events.length / ((performance.now() - t0) / 1000);
  console.log(`store writer alone (COPY, RLS)   ${fmt(storeRate)} events/s`);

  await initBackend(() => undefined);
  const models = new Map<SeriesName, SeriesModel>();
  for (const { name } of UEBA_SERIES) models.set(name, { detector: await priorDetector(name), version: 0 });
  const memory = new TenantStream(tenantId, models, { states: [] });
  const t1 = performance.now();
  let closedWindows = 0;
  for (const batch of batches) closedWindows += memory.push(batch).closed.length;
  const featureRate = events.length / ((performance.now() - t1) / 1000);
  console.log(`feature computation alone (memory)  ${fmt(featureRate)} events/s, ${fmt(closedWindows)} windows closed and scored | ${(featureRate / storeRate).toFixed(2)}x the store writer`);

  const quiet = { info: () => undefined, error: (obj: object, msg?: string) => console.error(msg, obj) };
  const runSink = async (tenant: string, input: VigilEvent[][], label: string) => {
    let alerts = 0;
    const sink = new UebaSink({ deps: { db }, log: quiet, idleTickMs: 0, onAlerts: (r) => (alerts += r.alerts.length) });
    const start = performance.now();
    for (let i = 0; i < input.length; i++) {
      sink.enqueue(tenant, input[i] as VigilEvent[]);
      await sink.ready();
      if ((i + 1) % 10 === 0) process.stderr.write(`\r  ${label}: ${i + 1}/${input.length} batches`);
    }
    await sink.drain();
    process.stderr.write("\n");
    const rate = events.length / ((performance.now() - start) / 1000);
    await sink.close();
    return { rate, alerts };
  };
  const verdict = (rate: number) => `${(rate / storeRate).toFixed(2)}x the store writer: ${rate >= storeRate ? "keeps up" : "slower"}`;

  const replay = await runSink(tenantId, batches, "replay");
  console.log(`UEBA sink, ${DAYS}-day replay (worst case)  ${fmt(replay.rate)} events/s, ${replay.alerts} alerts (global prior) | ${verdict(replay.rate)}`);

  const second = await signUp({ db }, { email: "bench-ueba-2@t.test", password: "password-bench", name: "Bench", organizationName: "Bench UEBA 2" });
  const hour = Date.parse("2026-11-27T10:00:00Z");
  const retimed = batches.map((batch, b) =>
    batch.map((e, i) => ({ ...e, "@timestamp": new Date(hour + Math.floor(((b * BATCH + i) / events.length) * 3_599_000)).toISOString() })),
  );
  const live = await runSink(second.tenant.id, retimed, "one hour");
  console.log(`UEBA sink, same events in one hour (live) ${fmt(live.rate)} events/s, ${live.alerts} alerts (a month squeezed into an hour) | ${verdict(live.rate)}`);
} finally {
  await db.close();
  await tdb.drop();
}
