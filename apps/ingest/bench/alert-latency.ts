// End-to-end alert latency (`npm run bench:alert-latency`): the real ingest server in-process
// (HEC receiver, event log, PostgreSQL with RLS, the detection pipeline with the compiled engine
// and the built-in rules) on a throwaway migrated database, fed over loopback HTTP at a steady
// rate with a realistic mix (logins, file access, web requests) and periodic attack sequences:
//   - single-event: a command that empties the Linux audit log (rule "Linux audit log cleared");
//   - correlation: 5 failed logins for one account, one per batch (rule "Brute force", event_count).
// Each trigger uses a fresh account name, so it raises a new alert (no dedup count-up). For each
// trigger the latency is from the HTTP acknowledgement of the request holding its last event to
// the alert row being committed, seen through LISTEN/NOTIFY (an AFTER INSERT trigger on `alerts`
// created in the throwaway database only). Runs the target rate and a 1,000 events/s baseline.
// Two paths (`--path in-process|production|both`, default both):
//   in-process: the in-process event log, detection handed each committed batch (no NATS_URL);
//   production: what `npm start` runs with NATS_URL: a throwaway `nats-server -js`, the sender
//     acknowledged once JetStream has the batch, the processing thread (store writer, the tenant's
//     rule set from the registry, UEBA; at its lowered priority) committing and detecting behind.
//     A warm-up trigger waits until the tenant's rule set is loaded before the timed run.
// Needs DATABASE_ADMIN_URL and DATABASE_URL. Usage:
//   npm run bench:alert-latency [-- --rate 10000 --baseline 1000 --seconds 30 --every 250 --tick 50 --path both --roaming]
import { createDb } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import { readEnv } from "@vigil/env";
import { compiledEngine, loadBuiltinRules, vigilPipeline } from "@vigil/detection";
import { signUp } from "@vigil/services/accounts";
import { UEBA_RULE_ID } from "@vigil/services/ueba";
import { cpus } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { EventSink } from "../src/ingest-body";
import { JETSTREAM_DEFAULTS, JetStreamLog } from "../src/log";
import type { EventLog } from "../src/log";
import { DetectionPipeline } from "../src/pipeline";
import type { Processing } from "../src/processing";
import { buildIngestServer } from "../src/server";
import { startNatsServer } from "../src/testing/processes";
import type { NatsServer } from "../src/testing/processes";
import { rng, textArg } from "./lib/hec-events";
import { startProduction } from "./lib/production";
import { IntakeGauge } from "../src/log/intake";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const RATE = arg("rate", 10_000);
const BASELINE = arg("baseline", 1000);
const SECONDS = arg("seconds", 30);
/** One attack sequence starts every `every` ms, alternating single-event and correlation. */
const EVERY_MS = arg("every", 250);
/** A batch is sent every `tick` ms (HEC forwarders send batches; 50 ms -> 20 requests/s). */
const TICK_MS = arg("tick", 50);
const SETTLE_MS = 10_000;
const TARGET_P99_MS = 1000;
const BRUTE_FORCE_ATTEMPTS = 5;
const PATH = textArg("path", ["in-process", "production", "both"], "both");
type Path = "in-process" | "production";
const PATHS_RUN: Path[] = PATH === "both" ? ["in-process", "production"] : [PATH];
const WARMUP_MS = 60_000;
const ROAMING = process.argv.includes("--roaming");
/** The warm-up trigger's number (never one of the timed triggers). */
const WARMUP_TRIGGER = 999_999_999;

const USERS = Array.from({ length: 20_000 }, (_, i) => `user${i}`);
const IPS = Array.from({ length: 5000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.${((i * 7) % 250) + 1}`);
const FILES = ["/srv/public/menu.pdf", "/home/shared/notes.txt", "/var/www/html/index.html", "/srv/projects/plan.docx"];
const PATHS = ["/", "/login", "/api/v1/items", "/static/app.js", "/search?q=shoes", "/api/v1/orders/42"];

type Line = Record<string, unknown>;
let seq = 0;

/**
 * Background traffic: mostly benign logins, file reads and web requests, 1% failed logins by scattered
 * accounts. Each account works from its own address, and one in fifty of its events comes from a second
 * one (home / office), as people do; web requests come from any address. (`--roaming`: every event
 * from a random address instead, 20,000 accounts each seen from thousands of addresses, which the
 * behaviour analytics rightly find unusual: an alert storm to measure what it costs the rule alerts.)
 */
function background(next: () => number, time: number): Line {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const u = Math.floor(next() * USERS.length);
  const user = USERS[u] as string;
  const ip = ROAMING ? pick(IPS) : (IPS[(next() < 0.02 ? u * 7 + 3 : u) % IPS.length] as string);
  const r = next();
  const n = seq++;
  if (r < 0.01) return { time, host: "vpn-gw-1", sourcetype: "linux_secure", event: { action: "ssh_login", outcome: "failure", user, src_ip: ip, message: `Failed password for ${user} from ${ip} port ${1024 + (n % 60000)} ssh2` } };
  if (r < 0.35) return { time, host: "vpn-gw-1", sourcetype: "linux_secure", event: { action: "user-login", outcome: "success", user, src_ip: ip, message: `Accepted publickey for ${user} from ${ip} port ${1024 + (n % 60000)} ssh2` } };
  if (r < 0.5) return { time, host: "app-1", sourcetype: "linux_audit", event: { action: "process-start", user, command_line: `/usr/bin/tail -n 100 /var/log/app/${n % 97}.log` } };
  if (r < 0.7) return { time, host: "fs-1", sourcetype: "fileaudit", event: { action: "file-read", outcome: "success", user, src_ip: ip, file_path: pick(FILES), bytes: Math.floor(next() * 1e6) } };
  return { time, host: "web-01", sourcetype: "access_combined", event: { action: "http-request", src_ip: pick(IPS), url: pick(PATHS), method: "GET", http: { response: { status_code: 200 } }, request_id: n } };
}

const singleTrigger = (k: number, time: number): Line => ({
  time, host: "app-2", sourcetype: "linux_audit",
  event: { action: "process-start", user: `lat-single-${k}`, command_line: `truncate -s 0 /var/log/audit/audit.log # ${k}` },
});

const failedLogin = (k: number, attempt: number, time: number): Line => ({
  time, host: "vpn-gw-1", sourcetype: "linux_secure",
  event: { action: "ssh_login", outcome: "failure", user: `lat-corr-${k}`, src_ip: "203.0.113.66", message: `Failed password for lat-corr-${k} attempt ${attempt}` },
});

const TRIGGER = /lat-(single|corr)-(\d+)/;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

interface KindResult {
  triggers: number;
  seen: number;
  /** Ack -> alert row committed (sorted). */
  latencies: number[];
  /** Ack -> the engine returned the match (sorted). */
  toMatch: number[];
}

interface PhaseResult {
  path: Path;
  rate: number;
  sentEvents: number;
  ackedEvents: number;
  failedRequests: number;
  /** Failed requests per HTTP status (0: no answer), e.g. 429 quota or 503 backpressure. */
  failures: Record<string, number>;
  achievedRate: number;
  single: KindResult;
  correlation: KindResult;
  /** What else the run recorded, read when the settle time ended: the work competing with the timed alerts. */
  recorded: { events: number; ruleAlerts: number; uebaAlerts: number; uebaAnomalies: number };
}

/** The receivers and what stores and detects behind them, on one of the two paths. */
interface Rig {
  sink: EventSink;
  eventLog?: EventLog;
  /** Ack -> the engine returned the match (in-process only: in production the engine runs in the processing thread). */
  matched: Map<string, number>;
  close(): Promise<void>;
}

async function rig(path: Path, services: { db: ReturnType<typeof createDb> }, appUrl: string): Promise<Rig> {
  const matched = new Map<string, number>();
  if (path === "production") {
    const nats: NatsServer = await startNatsServer();
    const log = { info: () => undefined, warn: (obj: object, msg?: string) => console.error(msg, obj), error: (obj: object, msg?: string) => console.error(msg, obj) };
    // The receivers' appends in flight, shared with the processing thread (log/intake.ts), as main.ts does.
    const intake = new IntakeGauge();
    const eventLog = await JetStreamLog.connect({ ...JETSTREAM_DEFAULTS, servers: nats.url, intake }, log);
    const processing: Processing = await startProduction("thread", appUrl, nats.url, services.db, eventLog, intake);
    return {
      sink: { enqueue: () => undefined }, eventLog, matched,
      async close() {
        await eventLog.close();
        await processing.close();
        await nats.stop();
      },
    };
  }
  const log = { info: () => undefined, error: (obj: object, msg?: string) => console.error(msg, obj) };
  const { engine } = compiledEngine(loadBuiltinRules(), { pipeline: vigilPipeline });
  // When the engine returned each trigger's match: splits the latency into queueing + evaluation
  // (ack -> matched) and recording (matched -> alert row committed).
  const evaluate = engine.process.bind(engine);
  engine.process = (tenantId, events) => {
    const out = evaluate(tenantId, events);
    for (const m of out) {
      const key = TRIGGER.exec(m.groupKey)?.[0];
      if (key && !matched.has(key)) matched.set(key, performance.now());
    }
    return out;
  };
  const pipeline = new DetectionPipeline({ services, engine, log });
  return { sink: pipeline, matched, close: () => pipeline.drain() };
}

async function phase(path: Path, rate: number): Promise<PhaseResult> {
  const tdb = await createTestDatabase(testDatabaseUrls(readEnv("database")));
  const db = createDb({ url: tdb.appUrl, max: 8 });
  const admin = createDb({ url: tdb.adminUrl, max: 1 });
  const services = { db };
  const { sink, eventLog, matched, close } = await rig(path, services, tdb.appUrl);
  const app = buildIngestServer({ services, sink, ...(eventLog ? { eventLog } : {}), maxBodyBytes: 16 * 1024 * 1024 });
  const listener = await admin.pool.connect();
  try {
    // Visibility = the commit of the alert row: NOTIFY is delivered at commit.
    await listener.query(`create function bench_alert_notify() returns trigger language plpgsql as $$
      begin perform pg_notify('bench_alert', new.group_key); return new; end $$`);
    await listener.query("create trigger bench_alert_notify after insert on alerts for each row execute function bench_alert_notify()");
    const visible = new Map<string, number>();
    listener.on("notification", (n) => {
      const m = TRIGGER.exec(n.payload ?? "");
      if (m && !visible.has(m[0])) visible.set(m[0], performance.now());
    });
    await listener.query("listen bench_alert");

    const address = await app.listen({ host: "127.0.0.1", port: 0 });
    const account = await signUp(services, { email: "latency@example.test", password: "password-bench", name: "Bench", organizationName: "Latency" });
    const url = `${address}/services/collector/event`;
    const headers = { authorization: `Splunk ${account.ingestToken.plaintext}`, "content-type": "application/json" };
    if (path === "production") {
      // The registry loads the new tenant's rule set on its first events: wait for that once.
      const warmKey = `lat-single-${WARMUP_TRIGGER}`;
      const warm = await fetch(url, { method: "POST", headers, body: JSON.stringify(singleTrigger(WARMUP_TRIGGER, Date.now() / 1000)) });
      if (warm.status !== 200) throw new Error(`warm-up request answered ${warm.status}`);
      const until = performance.now() + WARMUP_MS;
      while (!visible.has(warmKey) && performance.now() < until) await sleep(50);
      if (!visible.has(warmKey)) throw new Error(`no alert for the warm-up trigger within ${WARMUP_MS / 1000} s: is the tenant's rule "Linux audit log cleared" enabled?`);
    }
    const acked = new Map<string, number>();
    const next = rng(rate);
    const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
    const ticks = Math.round((SECONDS * 1000) / TICK_MS);
    const ticksPerTrigger = Math.max(1, Math.round(EVERY_MS / TICK_MS));
    /** Brute-force sequences in progress: trigger number -> attempts sent. */
    const brute = new Map<number, number>();
    let triggerNo = 0;
    let sentEvents = 0;
    let ackedEvents = 0;
    let failedRequests = 0;
    const failures: Record<string, number> = {};
    const fail = (status: number) => {
      failedRequests++;
      failures[status] = (failures[status] ?? 0) + 1;
    };
    const inFlight = new Set<Promise<void>>();
    const start = performance.now();
    for (let t = 0; t < ticks; t++) {
      const due = start + t * TICK_MS;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const time = Date.now() / 1000;
      const lines: Line[] = [];
      const completes: string[] = [];
      if (t % ticksPerTrigger === 0) {
        const k = triggerNo++;
        if (k % 2 === 0) {
          lines.push(singleTrigger(k, time));
          completes.push(`lat-single-${k}`);
        } else brute.set(k, 0);
      }
      for (const [k, sent] of brute) {
        lines.push(failedLogin(k, sent + 1, time));
        if (sent + 1 === BRUTE_FORCE_ATTEMPTS) {
          brute.delete(k);
          completes.push(`lat-corr-${k}`);
        } else brute.set(k, sent + 1);
      }
      while (lines.length < perTick) lines.push(background(next, time + lines.length / 1e6));
      sentEvents += lines.length;
      const request = (async () => {
        try {
          const res = await fetch(url, { method: "POST", headers, body: lines.map((l) => JSON.stringify(l)).join("\n") });
          const answer = (await res.json()) as { code?: number; accepted?: number };
          const at = performance.now();
          if (res.status !== 200 || answer.code !== 0) {
            fail(res.status);
            return;
          }
          ackedEvents += answer.accepted ?? lines.length;
          for (const key of completes) acked.set(key, at);
        } catch {
          fail(0);
        }
      })();
      inFlight.add(request);
      void request.then(() => inFlight.delete(request));
    }
    await Promise.all(inFlight);
    const sendSeconds = (performance.now() - start) / 1000;
    // Let detection catch up, then wait for the last alerts (a missing one is reported, not waited for forever).
    const settleBy = performance.now() + SETTLE_MS;
    while (performance.now() < settleBy && [...acked.keys()].some((k) => !visible.has(k))) await sleep(20);
    const result = (kind: "single" | "corr"): KindResult => {
      const keys = [...acked.keys()].filter((k) => k.startsWith(`lat-${kind}-`));
      const since = (at: Map<string, number>) => keys.flatMap((k) => (at.has(k) ? [(at.get(k) as number) - (acked.get(k) as number)] : [])).sort((a, b) => a - b);
      const latencies = since(visible);
      return { triggers: keys.length, seen: latencies.length, latencies, toMatch: since(matched) };
    };
    const count = async (sql: string) => Number((await listener.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
    const recorded = {
      events: await count("select count(*) as n from events"),
      ruleAlerts: await count(`select count(*) as n from alerts where rule_id <> '${UEBA_RULE_ID}'`),
      uebaAlerts: await count(`select count(*) as n from alerts where rule_id = '${UEBA_RULE_ID}'`),
      uebaAnomalies: await count("select count(*) as n from ueba_anomalies"),
    };
    return { path, rate, sentEvents, ackedEvents, failedRequests, failures, achievedRate: Math.round(ackedEvents / sendSeconds), single: result("single"), correlation: result("corr"), recorded };
  } finally {
    listener.release();
    await app.close();
    await close();
    await admin.close();
    await db.close();
    await tdb.drop();
  }
}

const fmt = (n: number) => n.toLocaleString("en-US");
const ms = (n: number) => (Number.isNaN(n) ? "-" : `${Math.round(n)} ms`);
const cpu = cpus();
console.log(
  `machine: ${cpu[0]?.model ?? "unknown"}, ${cpu.length} cores, node ${process.version}; ${SECONDS} s per rate, a batch every ${TICK_MS} ms, ` +
    `an attack sequence every ${EVERY_MS} ms (alternating single-event / ${BRUTE_FORCE_ATTEMPTS}-login brute force), loopback HTTP, sender in the same process; ` +
    `background accounts ${ROAMING ? "roaming over 5,000 addresses (--roaming)" : "each on its own address (2% from a second one)"}`,
);
const results: PhaseResult[] = [];
for (const path of PATHS_RUN) for (const rate of [BASELINE, RATE]) {
  const r = await phase(path, rate);
  results.push(r);
  console.log(`${path}, rate ${fmt(r.rate)} events/s: ${fmt(r.ackedEvents)} of ${fmt(r.sentEvents)} events acknowledged (${fmt(r.achievedRate)} events/s achieved), ${r.failedRequests} failed requests${r.failedRequests > 0 ? ` (by HTTP status: ${JSON.stringify(r.failures)})` : ""}`);
  const rec = r.recorded;
  console.log(`  recorded by the end of the settle time: ${fmt(rec.events)} events stored, ${fmt(rec.ruleAlerts)} rule alerts, ${fmt(rec.uebaAlerts)} UEBA alerts, ${fmt(rec.uebaAnomalies)} UEBA anomalies`);
}
console.log("\nlatency from the HTTP acknowledgement of a trigger's last event to its alert row committed in PostgreSQL:");
console.log("(ack -> match: until the engine returned the match, i.e. queueing + rule evaluation; the rest is recording the alert; in-process path only)");
console.log("| path | rate (events/s) | rule kind | triggers | alerts seen | p50 | p95 | p99 | max | ack -> match p50 / p99 |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const r of results) {
  for (const [name, k] of [["single-event", r.single], ["correlation", r.correlation]] as const) {
    const l = k.latencies;
    console.log(`| ${r.path} | ${fmt(r.rate)} | ${name} | ${k.triggers} | ${k.seen} | ${ms(percentile(l, 50))} | ${ms(percentile(l, 95))} | ${ms(percentile(l, 99))} | ${ms(l.at(-1) ?? NaN)} | ${ms(percentile(k.toMatch, 50))} / ${ms(percentile(k.toMatch, 99))} |`);
  }
}
console.log();
for (const main of results.filter((r) => r.rate === RATE)) {
  const p99s = [main.single, main.correlation].map((k) => percentile(k.latencies, 99));
  const complete = main.single.seen === main.single.triggers && main.correlation.seen === main.correlation.triggers;
  const reached = complete && p99s.every((p) => p < TARGET_P99_MS);
  console.log(`${main.path}: target p99 < ${TARGET_P99_MS} ms at ${fmt(RATE)} events/s for single-event and correlation rules: ${reached ? "REACHED" : "NOT reached"}${complete ? "" : " (some alerts never appeared)"}`);
}
