// Durability of ingest, with real parts: the ingest process itself (node --import tsx main.ts), a
// throwaway nats-server (JetStream, file store) and a throwaway PostgreSQL cluster this test owns
// (so it can stop it). A loader sends HEC batches of unique events and records which were
// acknowledged (200); after the trouble (SIGKILL of ingest, PostgreSQL down) and the drain, every
// acknowledged event must be stored exactly once, and no event stored twice.
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { signUp } from "@vigil/services/accounts";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestProcess, NatsServer, PgCluster } from "./testing/processes";
import { startIngest, startNatsServer, startPgCluster } from "./testing/processes";

/** PostgreSQL outage length (the issue asks for 30 s; shorten locally with VIGIL_TEST_OUTAGE_MS). */
const OUTAGE_MS = Number(process.env.VIGIL_TEST_OUTAGE_MS ?? 30_000);
const BASE_TIME = Date.parse("2026-11-27T09:00:00Z") / 1000;

let pgc: PgCluster;
let nats: NatsServer;
let tdb: TestDatabase;
let admin: Db;
let a: { tenantId: string; token: string };
let b: { tenantId: string; token: string };
const running: IngestProcess[] = [];

interface Answer {
  status: number;
  retryAfter?: string | undefined;
  code?: number | undefined;
  ms: number;
  at: number;
}

/** Concurrent HEC senders of unique events; `acked` holds the seqs of every 200 answer. */
class Loader {
  readonly acked = new Set<string>();
  readonly answers: Answer[] = [];
  networkErrors = 0;
  private next = 0;
  private stopped = false;
  private readonly workers: Promise<void>[] = [];

  constructor(private readonly target: () => string, private readonly token: string, private readonly prefix: string) {}

  /** pauseMs between a sender's requests bounds the rate (and so the backlog a test must drain). */
  start(concurrency = 4, perRequest = 50, pauseMs = 0): void {
    for (let w = 0; w < concurrency; w++) this.workers.push(this.work(perRequest, pauseMs));
  }

  private async work(perRequest: number, pauseMs: number): Promise<void> {
    while (!this.stopped) {
      const seqs = Array.from({ length: perRequest }, () => `${this.prefix}-${this.next++}`);
      // An explicit time: a retried event would get the same id (ids hash tenant, time and raw).
      const body = seqs.map((seq, i) => JSON.stringify({ time: BASE_TIME + this.next / 1000 + i / 1e6, event: { seq, action: "durability-check" } })).join("\n");
      const started = Date.now();
      try {
        const res = await fetch(`${this.target()}/services/collector/event`, { method: "POST", body, headers: { authorization: `Splunk ${this.token}` }, signal: AbortSignal.timeout(15_000) });
        const json = (await res.json().catch(() => ({}))) as { code?: number };
        this.answers.push({ status: res.status, retryAfter: res.headers.get("retry-after") ?? undefined, code: json.code, ms: Date.now() - started, at: started });
        if (res.status === 200) for (const s of seqs) this.acked.add(s);
        await sleep(res.status === 200 ? pauseMs : 50);
      } catch {
        this.networkErrors++;
        await sleep(50);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.workers);
  }

  between(from: number, to: number): Answer[] {
    return this.answers.filter((x) => x.at >= from && x.at < to);
  }
}

/** seq -> how many rows hold it, for the tenant. */
async function storedSeqs(tenantId: string, prefix: string): Promise<Map<string, number>> {
  const { rows } = await admin.pool.query<{ seq: string; n: string }>(
    `select substring(raw from '"seq":"([^"]+)"') as seq, count(*) as n from events where tenant_id = $1 and raw like $2 group by 1`,
    [tenantId, `%"seq":"${prefix}-%`],
  );
  return new Map(rows.map((r) => [r.seq, Number(r.n)]));
}

async function waitUntilStored(tenantId: string, prefix: string, acked: Set<string>, timeoutMs = 120_000): Promise<Map<string, number>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const stored = await storedSeqs(tenantId, prefix).catch(() => new Map<string, number>());
    const missing = [...acked].filter((s) => !stored.has(s)).length;
    if (missing === 0 || Date.now() > until) return stored;
    await sleep(250);
  }
}

/** One line per scenario in the test output: the figures behind the assertions. */
function report(name: string, loader: Loader, stored: Map<string, number>, extra: Record<string, number> = {}): void {
  const statuses: Record<string, number> = {};
  for (const x of loader.answers) statuses[x.status] = (statuses[x.status] ?? 0) + 1;
  console.info(`durability[${name}] ${JSON.stringify({ acked: loader.acked.size, stored: stored.size, networkErrors: loader.networkErrors, statuses, ...extra })}`);
}

async function outboxRows(tenantId: string): Promise<number> {
  const { rows } = await admin.pool.query<{ n: string }>("select count(*) as n from detection_outbox where tenant_id = $1", [tenantId]);
  return Number(rows[0]?.n);
}

function expectExactlyOnce(stored: Map<string, number>, acked: Set<string>): void {
  const missing = [...acked].filter((s) => !stored.has(s));
  const twice = [...stored].filter(([, n]) => n !== 1);
  expect({ acked: acked.size, missing: missing.slice(0, 10), missingCount: missing.length, stored: stored.size, twice: twice.slice(0, 10) })
    .toEqual({ acked: acked.size, missing: [], missingCount: 0, stored: stored.size, twice: [] });
  expect(stored.size).toBeGreaterThanOrEqual(acked.size);
}

async function ingest(env: Record<string, string>): Promise<IngestProcess> {
  const p = await startIngest({ PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root", DATABASE_URL: tdb.appUrl, DATABASE_ADMIN_URL: tdb.adminUrl, ...env });
  running.push(p);
  return p;
}

const jetstreamEnv = (name: string) => ({
  NATS_URL: nats.url, VIGIL_EVENTS_STREAM: `DUR_${name}`, VIGIL_EVENTS_SUBJECT_PREFIX: `dur.${name.toLowerCase()}`, VIGIL_EVENTS_CONSUMER: "store",
  // Short, so the messages a killed process held are redelivered quickly.
  VIGIL_EVENTS_ACK_WAIT_MS: "3000",
});

const waitForCount = async (loader: Loader, n: number, timeoutMs = 30_000) => {
  const until = Date.now() + timeoutMs;
  while (loader.acked.size < n && Date.now() < until) await sleep(50);
};

beforeAll(async () => {
  [pgc, nats] = await Promise.all([startPgCluster(), startNatsServer()]);
  tdb = await createTestDatabase({ adminUrl: pgc.adminUrl, appUrl: pgc.appUrl });
  admin = createDb({ url: tdb.adminUrl, max: 2 });
  const tenant = async (name: string) => {
    const account = await signUp({ db: admin }, { email: `${name}@durability.test`, password: `password-${name}`, name, organizationName: `Durability ${name}` });
    return { tenantId: account.tenant.id, token: account.ingestToken.plaintext };
  };
  a = await tenant("a");
  b = await tenant("b");
}, 180_000);

afterAll(async () => {
  for (const p of running) await p.kill("SIGKILL");
  await admin?.close();
  await nats?.stop();
  await pgc?.destroy();
}, 60_000);

describe("durable ingest (JetStream)", () => {
  it("loses no acknowledged event and stores none twice when ingest is SIGKILLed mid-load", async () => {
    let current = await ingest(jetstreamEnv("KILL"));
    const loader = new Loader(() => current.url, a.token, "kill");
    loader.start();
    await waitForCount(loader, 3_000);
    await current.kill("SIGKILL");
    const ackedAtKill = loader.acked.size;
    // Batches the killed process committed but had not finished detecting (its outbox rows).
    const leftUndetected = await outboxRows(a.tenantId);
    await sleep(500);
    current = await ingest({ ...jetstreamEnv("KILL"), VIGIL_DETECTION_ORPHAN_MS: "1000", VIGIL_DETECTION_SWEEP_MS: "1000" });
    await waitForCount(loader, ackedAtKill + 2_000);
    await loader.stop();
    expect(ackedAtKill).toBeGreaterThan(0);
    expect(loader.acked.size).toBeGreaterThan(ackedAtKill);
    const drainStarted = Date.now();
    const stored = await waitUntilStored(a.tenantId, "kill", loader.acked);
    expectExactlyOnce(stored, loader.acked);
    // The new process detected what the killed one left in the detection outbox: nothing is left.
    const outboxUntil = Date.now() + 30_000;
    while ((await outboxRows(a.tenantId)) > 0 && Date.now() < outboxUntil) await sleep(200);
    report("sigkill", loader, stored, { ackedAtKill, leftUndetected, drainMs: Date.now() - drainStarted });
    expect(await outboxRows(a.tenantId)).toBe(0);
    // The other tenant has none of it.
    expect((await storedSeqs(b.tenantId, "kill")).size).toBe(0);
    await current.kill("SIGTERM");
  }, 240_000);

  it(`keeps accepting through a ${OUTAGE_MS / 1000} s PostgreSQL outage, then stores every acknowledged event once`, async () => {
    const current = await ingest(jetstreamEnv("PG"));
    const loader = new Loader(() => current.url, b.token, "pgdown");
    loader.start(2, 50, 25);
    await waitForCount(loader, 1_000);
    const down = Date.now();
    pgc.stop();
    const ackedAtStop = loader.acked.size;
    await sleep(OUTAGE_MS);
    const up = Date.now();
    const ackedDuringOutage = loader.acked.size - ackedAtStop;
    // Nothing could be stored meanwhile: the acknowledged events are in JetStream only.
    pgc.start();
    await sleep(2_000);
    await loader.stop();
    const during = loader.between(down, up);
    expect(ackedDuringOutage).toBeGreaterThan(500);
    expect(during.filter((x) => x.status !== 200)).toEqual([]);
    const drainStarted = Date.now();
    const stored = await waitUntilStored(b.tenantId, "pgdown", loader.acked);
    report("jetstream-pg-outage", loader, stored, { outageMs: up - down, ackedDuringOutage, drainMs: Date.now() - drainStarted });
    expectExactlyOnce(stored, loader.acked);
    expect((await storedSeqs(a.tenantId, "pgdown")).size).toBe(0);
    await current.kill("SIGTERM");
  }, 240_000);
});

describe("durable ingest (in-process log)", () => {
  it("answers 503 + Retry-After (HEC code 9) quickly while PostgreSQL is down, and loses no acknowledged event", async () => {
    const current = await ingest({});
    const loader = new Loader(() => current.url, a.token, "inproc");
    loader.start(2, 50);
    await waitForCount(loader, 1_000);
    const down = Date.now();
    pgc.stop();
    await sleep(Math.min(OUTAGE_MS, 10_000));
    const up = Date.now();
    pgc.start();
    const ackedAfterRestart = loader.acked.size;
    await waitForCount(loader, ackedAfterRestart + 1_000);
    await loader.stop();
    // The first second covers requests in flight when PostgreSQL went away.
    const during = loader.between(down + 1_000, up);
    expect(during.length).toBeGreaterThan(5);
    for (const x of during) expect(x).toMatchObject({ status: 503, code: 9, retryAfter: expect.stringMatching(/^\d+$/) });
    expect(Math.max(...during.map((x) => x.ms))).toBeLessThan(2_000);
    expect(loader.acked.size).toBeGreaterThan(ackedAfterRestart);
    // Acknowledged means committed: nothing to wait for.
    const stored = await storedSeqs(a.tenantId, "inproc");
    report("in-process-pg-outage", loader, stored, { outageMs: up - down, slowest503Ms: Math.max(...during.map((x) => x.ms)) });
    expectExactlyOnce(stored, loader.acked);
    await current.kill("SIGTERM");
  }, 240_000);
});
