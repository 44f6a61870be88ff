// Detection + alert recording throughput (the slow path behind a syslog burst): N sshd-failure
// lines (one user, one source: a brute force) parsed, then `engine.process` + `recordDetections`
// per batch against a throwaway migrated database, as the ingest pipeline runs them.
//   node --import tsx apps/ingest/bench/detect-record.ts [--events 50000] [--batch 500] [--engine compiled|naive|off]
import { createDb } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import { readEnv } from "@vigil/env";
import type { DetectionMatch } from "@vigil/detection";
import { compiledEngine, DetectionEngine, loadBuiltinRules } from "@vigil/detection";
import { syslogLinesParser } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";
import { signUp } from "@vigil/services/accounts";
import { recordDetections } from "@vigil/services/detections";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const count = Number(arg("events", "50000"));
const batchSize = Number(arg("batch", "500"));
const mode = arg("engine", "compiled");

const pad = (n: number) => String(n).padStart(2, "0");
function line(i: number): string {
  // 20 ms apart: 50,000 lines span ~17 minutes of event time (the correlation window is 10 minutes).
  const t = new Date(Date.UTC(2026, 10, 27, 10, 0, 0) + i * 20);
  const stamp = `Nov 27 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  return `${stamp} web-01 sshd[${4000 + (i % 100)}]: Failed password for root from 203.0.113.9 port ${10_000 + (i % 50_000)} ssh2`;
}

const tdb = await createTestDatabase(testDatabaseUrls(readEnv("database")));
const db = createDb({ url: tdb.appUrl, max: 4 });
try {
  const account = await signUp({ db }, { email: "bench@example.test", password: "password-bench", name: "Bench", organizationName: "Bench" });
  const tenantId = account.tenant.id;
  const events: VigilEvent[] = [];
  for (let i = 0; i < count; i += batchSize) {
    const body = Array.from({ length: Math.min(batchSize, count - i) }, (_, k) => line(i + k)).join("\n");
    events.push(...syslogLinesParser.parse(body, { tenantId, receivedAt: new Date(), maxItems: batchSize }).events);
  }
  // Parsed ids are content hashes; make repeats distinct as the receivers do.
  events.forEach((e, i) => (e.id = `${e.id}-${i}`));
  const rules = loadBuiltinRules();
  const engine = mode === "naive" ? new DetectionEngine(rules) : compiledEngine(rules).engine;
  let matches = 0;
  let writes = 0;
  let detectMs = 0;
  let recordMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += batchSize) {
    const batch = events.slice(i, i + batchSize);
    const d0 = performance.now();
    const found: DetectionMatch[] = mode === "off" ? [] : engine.process(tenantId, batch);
    detectMs += performance.now() - d0;
    matches += found.length;
    const r0 = performance.now();
    if (found.length > 0) writes += (await recordDetections({ db }, tenantId, found)).alerts.length;
    recordMs += performance.now() - r0;
  }
  const ms = performance.now() - t0;
  const alerts = await db.withTenant(tenantId, (tx) => tx.alert.findMany({ select: { ruleId: true, count: true, eventIds: true } }));
  console.log(JSON.stringify({
    engine: mode, events: count, batch: batchSize, eventsPerSecond: Math.round(count / (ms / 1000)),
    detectMs: Math.round(detectMs), recordMs: Math.round(recordMs), matches, alertWrites: writes,
    alerts: alerts.map((a) => ({ ruleId: a.ruleId, count: a.count, eventIds: a.eventIds.length })),
  }));
} finally {
  await db.close();
  await tdb.drop();
}
