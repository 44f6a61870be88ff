// Ingest benchmark (`npm run bench:ingest`): the real ingest server in-process (HEC receiver,
// PostgreSQL with RLS, the detection pipeline with the compiled engine and the built-in rules) on
// a throwaway migrated database, fed over loopback HTTP by a few concurrent senders with HEC
// batches of 1,000 realistic events (failed and successful logins, file access, web requests)
// for a fixed duration; then the same with detection off (a no-op sink) as the baseline.
// Needs DATABASE_ADMIN_URL and DATABASE_URL (see /tmp/brief/pg.sh). Usage:
//   npm run bench:ingest [-- --seconds 20 --senders 4 --batch 1000 --users 100000 --failures 0.02]
import { createDb } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import { readEnv } from "@vigil/env";
import { compiledEngine, loadBuiltinRules } from "@vigil/detection";
import type { VigilEvent } from "@vigil/schema";
import { signUp } from "@vigil/services/accounts";
import { cpus } from "node:os";
import { DetectionPipeline } from "../src/pipeline";
import { buildIngestServer } from "../src/server";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const SECONDS = arg("seconds", 20);
const SENDERS = arg("senders", 4);
const BATCH = arg("batch", 1000);
const MAX_REQUESTS = 100_000; // bound on every sender loop, whatever the duration

// A realistic population: most activity is benign and spread over many accounts; a few attackers
// brute-force three accounts and one address scans the web server. `--users 200 --failures 0.3`
// turns it into an alert storm (every account brute-forced), which measures alert recording.
const USERS = Array.from({ length: arg("users", 100_000) }, (_, i) => `user${i}`);
const IPS = Array.from({ length: 5000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.${(i * 7) % 250 + 1}`);
const FAILURES = arg("failures", 0.02);
const ATTACKERS = [["admin", "203.0.113.66"], ["root", "203.0.113.77"], ["svc-backup", "198.51.100.9"]] as const;
const FILES = ["/srv/public/menu.pdf", "/home/shared/notes.txt", "/var/www/html/index.html", "/srv/projects/plan.docx"];
const SENSITIVE = ["/srv/confidential/payroll.xlsx", "/srv/finance/q3.csv"];
const PATHS = ["/", "/login", "/api/v1/items", "/static/app.js", "/admin", "/search?q=shoes", "/api/v1/orders/42"];

/** A small deterministic generator (xorshift32), one per sender. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

let seq = 0;
function body(next: () => number, count: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const lines: string[] = [];
  const now = Date.now() / 1000;
  for (let i = 0; i < count; i++) {
    const time = now + i / 1e6;
    const user = pick(USERS);
    const ip = pick(IPS);
    const r = next();
    const n = seq++;
    let event: Record<string, unknown>;
    let host: string;
    let sourcetype: string;
    if (r < FAILURES + 0.01) {
      host = "vpn-gw-1";
      sourcetype = "linux_secure";
      const [u, src] = r < 0.01 ? (pick(ATTACKERS) as readonly [string, string]) : [user, ip];
      event = { action: "ssh_login", outcome: "failure", user: u, src_ip: src, message: `Failed password for ${u} from ${src} port ${1024 + (n % 60000)} ssh2` };
    } else if (r < 0.35) {
      host = "vpn-gw-1";
      sourcetype = "linux_secure";
      event = { action: "user-login", outcome: "success", user, src_ip: ip, message: `Accepted publickey for ${user} from ${ip} port ${1024 + (n % 60000)} ssh2` };
    } else if (r < 0.6) {
      host = "fs-1";
      sourcetype = "fileaudit";
      const path = next() < 0.002 ? pick(SENSITIVE) : pick(FILES);
      event = { action: "file-read", outcome: "success", user, src_ip: ip, file_path: path, bytes: Math.floor(next() * 1e6) };
    } else {
      host = "web-01";
      sourcetype = "access_combined";
      const scanner = next() < 0.01;
      const notFound = scanner || next() < 0.02;
      event = {
        action: "http-request", src_ip: scanner ? "192.0.2.200" : ip, url: notFound ? `/missing-${n % 5000}` : pick(PATHS), method: next() < 0.8 ? "GET" : "POST",
        http: { response: { status_code: notFound ? 404 : 200 } }, user_agent: "Mozilla/5.0 (X11; Linux x86_64)", request_id: n,
      };
    }
    lines.push(JSON.stringify({ time, host, sourcetype, event }));
  }
  return lines.join("\n");
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

interface Result {
  mode: string;
  events: number;
  requests: number;
  failed: number;
  ackedPerSecond: number;
  processedPerSecond: number;
  drainMs: number;
  p50: number;
  p99: number;
  detectMs: number;
  matches: number;
  alerts: number;
  incidents: number;
}

async function run(mode: "detection off" | "detection on"): Promise<Result> {
  const tdb = await createTestDatabase(testDatabaseUrls(readEnv("database")));
  const db = createDb({ url: tdb.appUrl, max: 8 });
  const services = { db };
  const noop = { enqueue: (_tenantId: string, _events: readonly VigilEvent[]) => undefined, drain: async () => undefined };
  const log = { info: () => undefined, error: (obj: object, msg?: string) => console.error(msg, obj) };
  const { engine } = compiledEngine(loadBuiltinRules());
  // Time spent in rule evaluation (the rest of the drain is recording alerts and incidents).
  let detectMs = 0;
  let matches = 0;
  const evaluate = engine.process.bind(engine);
  engine.process = (tenantId, events) => {
    const t0 = performance.now();
    const out = evaluate(tenantId, events);
    detectMs += performance.now() - t0;
    matches += out.length;
    return out;
  };
  const sink = mode === "detection on" ? new DetectionPipeline({ services, engine, log }) : noop;
  const app = buildIngestServer({ services, sink, maxBodyBytes: 16 * 1024 * 1024 });
  try {
    const address = await app.listen({ host: "127.0.0.1", port: 0 });
    const account = await signUp(services, { email: "bench@example.test", password: "password-bench", name: "Bench", organizationName: "Bench" });
    const url = `${address}/services/collector/event`;
    const headers = { authorization: `Splunk ${account.ingestToken.plaintext}`, "content-type": "application/json" };
    const latencies: number[] = [];
    let events = 0;
    let failed = 0;
    const start = performance.now();
    const deadline = start + SECONDS * 1000;
    const sender = async (id: number) => {
      const next = rng(id * 7919 + 1);
      for (let r = 0; r < MAX_REQUESTS && performance.now() < deadline; r++) {
        const payload = body(next, BATCH);
        const t0 = performance.now();
        const res = await fetch(url, { method: "POST", headers, body: payload });
        const answer = (await res.json()) as { code?: number; accepted?: number };
        latencies.push(performance.now() - t0);
        if (res.status === 200 && answer.code === 0) events += answer.accepted ?? 0;
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, (_, i) => sender(i + 1)));
    const acked = performance.now();
    await sink.drain();
    const done = performance.now();
    const count = (sql: string) => tdb && db.withTenant(account.tenant.id, async (tx) => Number((await tx.$queryRawUnsafe<{ n: bigint }[]>(sql))[0]?.n ?? 0));
    latencies.sort((a, b) => a - b);
    return {
      mode, events, requests: latencies.length, failed,
      ackedPerSecond: Math.round(events / ((acked - start) / 1000)),
      processedPerSecond: Math.round(events / ((done - start) / 1000)),
      drainMs: Math.round(done - acked),
      p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)),
      detectMs: Math.round(detectMs), matches,
      alerts: await count("select count(*) as n from alerts"), incidents: await count("select count(*) as n from incidents"),
    };
  } finally {
    await app.close();
    await sink.drain();
    await db.close();
    await tdb.drop();
  }
}

const cpu = cpus();
console.log(`machine: ${cpu[0]?.model ?? "unknown"}, ${cpu.length} cores, node ${process.version}; ${SENDERS} senders x ${BATCH}-event HEC batches for ${SECONDS} s each, loopback HTTP`);
const fmt = (n: number) => n.toLocaleString("en-US");
for (const mode of ["detection off", "detection on"] as const) {
  const r = await run(mode);
  console.log(
    `${r.mode.padEnd(14)} ${fmt(r.ackedPerSecond).padStart(8)} events/s acknowledged, ${fmt(r.processedPerSecond).padStart(8)} events/s with detection drained ` +
    `(drain ${fmt(r.drainMs)} ms) | ack latency p50 ${r.p50} ms, p99 ${r.p99} ms | ${fmt(r.events)} events in ${r.requests} requests, ${r.failed} failed | rule evaluation ${fmt(r.detectMs)} ms, ${fmt(r.matches)} matches, ${r.alerts} alerts, ${r.incidents} incidents`,
  );
}
