// Ingest benchmark (`npm run bench:ingest`): the real ingest server in-process (HEC receiver, the
// in-process event log writing to PostgreSQL with COPY under RLS, the detection pipeline with the
// compiled engine and the built-in rules) on a throwaway migrated database, fed over loopback HTTP
// with HEC batches of 1,000 realistic events. Each mode runs twice in this process: "detection
// off" (a no-op sink: receive, parse, normalize, commit) is the baseline for "detection on".
//   throughput (default): a few senders in a closed loop for a fixed duration; acked events/s.
//   fixed rate (--rate N): batches offered every BATCH/N s whatever the answers (open loop, so a
//     slow answer cannot hide queueing), latency measured from each batch's scheduled send time:
//     p50/p95/p99 ack latency at that rate.
// Needs DATABASE_ADMIN_URL and DATABASE_URL (`npm run services` prints them). Usage:
//   npm run bench:ingest [-- --seconds 20 --senders 4 --batch 1000 --users 100000 --failures 0.02]
//   npm run bench:ingest -- --rate 20000 [--seconds 20] [--detection on|off|both|all]
// `--detection all` adds a "store off" run first (an event log that only counts): the ceiling of
// HTTP + parsing + normalization alone, to see what the store costs.
// `--log jetstream` runs the production event log instead of the in-process one: a throwaway
// `nats-server -js` (file storage); the sender is acknowledged once JetStream has the batch, the
// store writer commits it to PostgreSQL behind; "committed" is measured when the last event is.
// `--processing both` (JetStream only) compares the production processing (store writer, every
// tenant's rule set, behaviour analytics: processing.ts, as apps/ingest/src/main.ts runs it) on the
// receivers' thread ("processing inline") with the same in a thread of its own ("processing thread").
// `--processing db-nice` runs the processing thread twice: its PostgreSQL backends at normal
// priority (VIGIL_INGEST_PROCESSING_NICE_DB=false), then at the thread's nice value (the default).
import { createDb } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import { readEnv } from "@vigil/env";
import { compiledEngine, loadBuiltinRules, vigilPipeline } from "@vigil/detection";
import type { VigilEvent } from "@vigil/schema";
import { signUp } from "@vigil/services/accounts";
import { cpus } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { InProcessLog, JETSTREAM_DEFAULTS, JetStreamLog, storeWriter } from "../src/log";
import type { Processing } from "../src/processing";
import type { EventLog } from "../src/log";
import { startNatsServer, type NatsServer } from "../src/testing/processes";
import { DetectionPipeline } from "../src/pipeline";
import { buildIngestServer } from "../src/server";
import { CountingLog } from "./lib/counting-log";
import { startProduction } from "./lib/production";
import { IntakeGauge } from "../src/log/intake";
import { arg, fmt, hecBody, percentile, rng, textArg } from "./lib/hec-events";

const SECONDS = arg("seconds", 20);
const SENDERS = arg("senders", 4);
const BATCH = arg("batch", 1000);
const RATE = arg("rate", 0);
const DETECTION = textArg("detection", ["on", "off", "both", "all"], "both");
const LOG = textArg("log", ["in-process", "jetstream"], "in-process");
const PROCESSING = textArg("processing", ["bench", "both", "db-nice"], "bench");
if (PROCESSING !== "bench" && LOG !== "jetstream") throw new Error(`--processing ${PROCESSING} needs --log jetstream`);
const POPULATION = { users: arg("users", 100_000), failures: arg("failures", 0.02) };
const MAX_REQUESTS = 100_000; // bound on every sender loop, whatever the duration

/** "store off": an event log that only counts (HTTP + parse + normalize, no PostgreSQL). */
type Mode = "store off" | "detection off" | "detection on" | "processing inline" | "processing thread" | "thread, db at nice 0";
const inThread = (mode: Mode) => mode === "processing thread" || mode === "thread, db at nice 0";

interface Outcome {
  events: number;
  failed: number;
  latencies: number[];
  start: number;
  acked: number;
}

type Send = (payload: string) => Promise<{ ok: boolean; accepted: number }>;

/** Closed loop: each sender posts its next batch when the previous one is answered. */
async function closedLoop(send: Send): Promise<Outcome> {
  const out: Outcome = { events: 0, failed: 0, latencies: [], start: performance.now(), acked: 0 };
  const deadline = out.start + SECONDS * 1000;
  const sender = async (id: number) => {
    const next = rng(id * 7919 + 1);
    for (let r = 0; r < MAX_REQUESTS && performance.now() < deadline; r++) {
      const payload = hecBody(next, POPULATION, BATCH);
      const t0 = performance.now();
      const answer = await send(payload);
      out.latencies.push(performance.now() - t0);
      if (answer.ok) out.events += answer.accepted;
      else out.failed++;
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, (_, i) => sender(i + 1)));
  out.acked = performance.now();
  return out;
}

/** Open loop at RATE events/s: latency counts from the scheduled time, so queueing shows. */
async function openLoop(send: Send): Promise<Outcome> {
  const out: Outcome = { events: 0, failed: 0, latencies: [], start: performance.now(), acked: 0 };
  const interval = (BATCH / RATE) * 1000;
  const next = rng(4242);
  const inFlight: Promise<void>[] = [];
  for (let k = 0; k < MAX_REQUESTS; k++) {
    const due = out.start + k * interval;
    if (due >= out.start + SECONDS * 1000) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const payload = hecBody(next, POPULATION, BATCH);
    inFlight.push(send(payload).then((answer) => {
      out.latencies.push(performance.now() - due);
      if (answer.ok) out.events += answer.accepted;
      else out.failed++;
    }));
  }
  await Promise.all(inFlight);
  out.acked = performance.now();
  return out;
}

async function run(mode: Mode) {
  const tdb = await createTestDatabase(testDatabaseUrls(readEnv("database")));
  const db = createDb({ url: tdb.appUrl, max: 8 });
  const services = { db };
  const noop = { enqueue: (_tenantId: string, _events: readonly VigilEvent[]) => undefined, drain: async () => undefined };
  const log = { info: () => undefined, error: (obj: object, msg?: string) => console.error(msg, obj) };
  const { engine } = compiledEngine(loadBuiltinRules(), { pipeline: vigilPipeline });
  // Time spent in rule evaluation (the rest of the drain is recording alerts and incidents).
  let detectMs = 0;
  let matches = 0;
  const evaluate = engine.process.bind(engine);
  engine.process = (tenantId, events) => {
    const t0 = performance.now();
    const result = evaluate(tenantId, events);
    detectMs += performance.now() - t0;
    matches += result.length;
    return result;
  };
  const sink = mode === "detection on" ? new DetectionPipeline({ services, engine, log }) : noop;
  let nats: NatsServer | undefined;
  let eventLog: EventLog;
  // The receivers' appends in flight, shared with the processing thread (log/intake.ts), as main.ts does.
  const intake = new IntakeGauge();
  if (mode === "store off") eventLog = new CountingLog();
  else if (LOG === "jetstream") {
    nats = await startNatsServer();
    eventLog = await JetStreamLog.connect({ ...JETSTREAM_DEFAULTS, servers: nats.url, ...(inThread(mode) ? { intake } : {}) }, { ...log, warn: log.error });
  } else eventLog = new InProcessLog();
  let processing: Processing | undefined;
  if (mode === "processing inline" || inThread(mode)) {
    processing = await startProduction(mode === "processing inline" ? "inline" : "thread", tdb.appUrl, nats?.url ?? "", db, eventLog, intake, { niceDb: mode !== "thread, db at nice 0" });
  }
  else await eventLog.start(storeWriter(services, sink));
  const app = buildIngestServer({ services, sink, eventLog, maxBodyBytes: 16 * 1024 * 1024 });
  try {
    const address = await app.listen({ host: "127.0.0.1", port: 0 });
    const account = await signUp(services, { email: "bench@example.test", password: "password-bench", name: "Bench", organizationName: "Bench" });
    const url = `${address}/services/collector/event`;
    const headers = { authorization: `Splunk ${account.ingestToken.plaintext}`, "content-type": "application/json" };
    const send: Send = async (payload) => {
      const res = await fetch(url, { method: "POST", headers, body: payload });
      const answer = (await res.json()) as { code?: number; accepted?: number };
      return { ok: res.status === 200 && answer.code === 0, accepted: answer.accepted ?? 0 };
    };
    const out = RATE > 0 ? await openLoop(send) : await closedLoop(send);
    // JetStream: acknowledged is not committed yet; wait for the writer to store the backlog.
    while ((await eventLog.stats()).pending > 0) await sleep(20);
    await sink.drain();
    const done = performance.now();
    const count = (sql: string) => db.withTenant(account.tenant.id, async (tx) => Number((await tx.$queryRawUnsafe<{ n: bigint }[]>(sql))[0]?.n ?? 0));
    const sorted = out.latencies.sort((x, y) => x - y);
    return {
      mode, events: out.events, requests: sorted.length, failed: out.failed,
      ackedPerSecond: out.events / ((out.acked - out.start) / 1000),
      processedPerSecond: out.events / ((done - out.start) / 1000),
      drainMs: done - out.acked,
      p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN,
      detectMs, matches,
      stored: eventLog instanceof CountingLog ? eventLog.events : await count("select count(*) as n from events"),
      alerts: await count("select count(*) as n from alerts"), incidents: await count("select count(*) as n from incidents"),
    };
  } finally {
    await app.close();
    if (inThread(mode) || !processing) await eventLog.close();
    await processing?.close();
    await sink.drain();
    await db.close();
    await tdb.drop();
    await nats?.stop();
  }
}

const cpu = cpus();
const shape = RATE > 0 ? `fixed rate ${fmt(RATE)} events/s offered (open loop)` : `${SENDERS} senders (closed loop)`;
console.log(`machine: ${cpu[0]?.model ?? "unknown"}, ${cpu.length} cores, node ${process.version}; ${shape}, ${BATCH}-event HEC batches for ${SECONDS} s per mode, loopback HTTP, event log ${LOG}`);
const MODES: Record<typeof DETECTION, Mode[]> = { both: ["detection off", "detection on"], all: ["store off", "detection off", "detection on"], on: ["detection on"], off: ["detection off"] };
const modes: Mode[] = PROCESSING === "both" ? ["processing inline", "processing thread"] : PROCESSING === "db-nice" ? ["thread, db at nice 0", "processing thread"] : MODES[DETECTION];
const results = [];
for (const mode of modes) {
  const r = await run(mode);
  results.push(r);
  console.log(
    `${r.mode.padEnd(20)} ${fmt(r.ackedPerSecond).padStart(8)} events/s acknowledged, ${fmt(r.processedPerSecond).padStart(8)} events/s committed with detection drained ` +
    `(drain ${fmt(r.drainMs)} ms) | ack latency p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, p99 ${fmt(r.p99)} ms, max ${fmt(r.max)} ms | ` +
    `${fmt(r.events)} events acked (${fmt(r.stored)} stored) in ${r.requests} requests, ${r.failed} failed | rule evaluation ${fmt(r.detectMs)} ms, ${fmt(r.matches)} matches, ${r.alerts} alerts, ${r.incidents} incidents`,
  );
}
const off = results.find((r) => r.mode === "detection off");
const on = results.find((r) => r.mode === "detection on");
const bare = results.find((r) => r.mode === "store off");
if (bare && off) console.log(`store (COPY, RLS, commit) vs none: ${((off.ackedPerSecond / bare.ackedPerSecond) * 100).toFixed(0)}% of the HTTP+parse rate`);
if (off && on) console.log(`detection on vs off: ${((on.ackedPerSecond / off.ackedPerSecond) * 100).toFixed(0)}% of the baseline's acked rate, p99 ${fmt(on.p99)} vs ${fmt(off.p99)} ms`);
if (RATE > 0) for (const r of results) console.log(`${r.mode}: target p99 < 250 ms at ${fmt(RATE)} events/s: ${r.p99 < 250 && r.ackedPerSecond >= RATE * 0.95 ? "met" : "NOT met"} (achieved ${fmt(r.ackedPerSecond)} events/s, p99 ${fmt(r.p99)} ms)`);
else for (const r of results) console.log(`${r.mode}: target >= 50,000 events/s: ${r.ackedPerSecond >= 50_000 ? "met" : "NOT met"} (${fmt(r.ackedPerSecond)})`);
