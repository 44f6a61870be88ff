// Overload benchmark (`npm run bench:overload`): the ingest server in its own process (default
// quotas, the in-flight body bound and event-log pressure wired), first fed in a closed loop to
// find the sustainable rate (the baseline, same run), then offered twice that rate in an open
// loop for ~30 s. Prints the server's peak RSS (must stay under 1 GiB) and how the excess was
// refused: 503 "Server is busy" (HEC's overload answer) and 429 (tenant quota).
// Needs DATABASE_ADMIN_URL and DATABASE_URL. Usage:
//   npm run bench:overload [-- --seconds 30 --probe-seconds 8 --rate <sustainable events/s> --batch 1000]
import { createDb } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import { readEnv } from "@vigil/env";
import { signUp } from "@vigil/services/accounts";
import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { cpus } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { LimitsStats } from "../src/limits";
import { arg, fmt, hecBody, rng } from "./lib/hec-events";

const SECONDS = arg("seconds", 30);
const PROBE_SECONDS = arg("probe-seconds", 8);
const BATCH = arg("batch", 1000);
const GIVEN_RATE = arg("rate", 0);
const MAX_BODY = 5 * 1024 * 1024;
/** Batches waiting for their commit before the server reports pressure (pool of 8 connections). */
const MAX_PENDING = arg("max-pending", 32);
/** Client-side bound on requests in the air (a real fleet has many senders; this keeps the generator sane). */
const MAX_OUTSTANDING = 2000;
const POPULATION = { users: 100_000, failures: 0.02 };
const PROBE_SENDERS = arg("probe-senders", 16);
const MiB = 1024 * 1024;

interface Report {
  peakRss: number;
  phasePeakRss: number;
  maxRssKiB: number;
  limits: LimitsStats;
}

function request<T>(child: ChildProcess, type: string): Promise<T> {
  const answer = once(child, "message") as Promise<[T]>;
  child.send({ type });
  return answer.then(([m]) => m);
}

interface Tally {
  offered: number;
  ok: number;
  events: number;
  quota429: number;
  busy503: number;
  other: Map<number, number>;
  networkErrors: number;
  skipped: number;
}

const newTally = (): Tally => ({ offered: 0, ok: 0, events: 0, quota429: 0, busy503: 0, other: new Map(), networkErrors: 0, skipped: 0 });

async function post(url: string, headers: Record<string, string>, body: string, t: Tally): Promise<void> {
  t.offered++;
  try {
    const res = await fetch(url, { method: "POST", headers, body });
    const answer = (await res.json()) as { accepted?: number };
    if (res.status === 200) {
      t.ok++;
      t.events += answer.accepted ?? 0;
    } else if (res.status === 429) t.quota429++;
    else if (res.status === 503) t.busy503++;
    else t.other.set(res.status, (t.other.get(res.status) ?? 0) + 1);
  } catch {
    t.networkErrors++;
  }
}

const db = await createTestDatabase(testDatabaseUrls(readEnv("database")));
const child = fork(new URL("./lib/overload-server.ts", import.meta.url), [db.appUrl, String(MAX_BODY), String(MAX_PENDING)], { execArgv: ["--import", "tsx"] });
try {
  const [ready] = (await once(child, "message")) as [{ address: string }];
  const setupDb = createDb({ url: db.appUrl, max: 1 });
  const account = await signUp({ db: setupDb }, { email: "overload@example.test", password: "password-overload", name: "Overload", organizationName: "Overload" });
  await setupDb.close();
  const url = `${ready.address}/services/collector/event`;
  const headers = { authorization: `Splunk ${account.ingestToken.plaintext}`, "content-type": "application/json" };
  const next = rng(99);
  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model ?? "unknown"}, ${cpu.length} cores, node ${process.version}; ingest server in its own process, ${BATCH}-event HEC batches, max body ${MAX_BODY / MiB} MiB, pressure past ${MAX_PENDING} pending batches`);

  // Baseline: a closed loop with enough senders to keep the server busy finds what it sustains here and now.
  await request<Report>(child, "report");
  const probe = newTally();
  const probeStart = performance.now();
  await Promise.all(Array.from({ length: PROBE_SENDERS }, async () => {
    while (performance.now() - probeStart < PROBE_SECONDS * 1000) await post(url, headers, hecBody(next, POPULATION, BATCH), probe);
  }));
  const sustained = probe.events / ((performance.now() - probeStart) / 1000);
  const base = await request<Report>(child, "report");
  const rate = GIVEN_RATE > 0 ? GIVEN_RATE : sustained;
  console.log(`baseline (closed loop, ${PROBE_SECONDS} s): ${fmt(sustained)} events/s sustained, server peak RSS ${fmt(base.phasePeakRss / MiB)} MiB`);

  // Overload: twice the sustainable rate, open loop.
  const offeredRate = 2 * rate;
  const interval = (BATCH / offeredRate) * 1000;
  const load = newTally();
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let k = 0; ; k++) {
    const due = start + k * interval;
    if (due >= start + SECONDS * 1000) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    if (inFlight.size >= MAX_OUTSTANDING) {
      load.skipped++;
      continue;
    }
    const p = post(url, headers, hecBody(next, POPULATION, BATCH), load).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  const over = await request<Report>(child, "report");
  const answered = load.ok + load.quota429 + load.busy503 + [...load.other.values()].reduce((a, b) => a + b, 0);
  const share = (n: number) => `${((n / Math.max(1, answered)) * 100).toFixed(1)}%`;
  const others = [...load.other.entries()].map(([s, n]) => `${s}: ${n}`).join(", ") || "none";
  console.log(
    `overload (open loop, ${fmt(offeredRate)} events/s offered for ${SECONDS} s): ${fmt(load.events / elapsed)} events/s accepted | ` +
    `${load.offered} requests: 200 ${share(load.ok)}, 503 busy ${share(load.busy503)}, 429 quota ${share(load.quota429)}, other ${others}, ` +
    `network errors ${load.networkErrors}, not sent (client bound) ${load.skipped}`,
  );
  console.log(`server refusals: busy ${fmt(over.limits.refusedBusy)}, quota ${fmt(over.limits.refusedQuota)}; in flight at the end ${fmt(over.limits.inFlightBytes)} bytes`);
  const peakMiB = Math.max(over.peakRss, over.maxRssKiB * 1024) / MiB;
  console.log(`server peak RSS: ${fmt(over.phasePeakRss / MiB)} MiB under 2x overload vs ${fmt(base.phasePeakRss / MiB)} MiB at the sustainable rate (process max ${fmt(peakMiB)} MiB): ${peakMiB < 1024 ? "under" : "OVER"} the 1 GiB bound`);
  const exited = once(child, "exit");
  child.send({ type: "stop" });
  await Promise.race([exited, sleep(15_000)]);
} finally {
  if (child.exitCode === null) child.kill();
  await db.drop();
}
