// JetStreamLog against a throwaway nats-server (JetStream, file store) and a throwaway database:
// append resolves on the publish ack, the writer stores through COPY and acks after COMMIT, a
// republished batch is deduplicated, a failing store is retried (nothing dropped), tenants apart.
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { ndjsonParser } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";
import { signUp } from "@vigil/services/accounts";
import { copyIngestBatch } from "@vigil/services/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NatsServer } from "../testing/processes";
import { startNatsServer } from "../testing/processes";
import { waitFor } from "../testing/syslog";
import { IntakeGauge } from "./intake";
import { JETSTREAM_DEFAULTS, JetStreamLog } from "./jetstream";
import type { LogBatch } from "./types";
import { LogUnavailableError } from "./types";
import { storeWriter } from "./writer";

let nats: NatsServer;
let tdb: TestDatabase;
let db: Db;
let a: string;
let b: string;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const parse = (tenantId: string, marker: string, n: number): VigilEvent[] =>
  ndjsonParser.parse(
    Array.from({ length: n }, (_, i) => JSON.stringify({ "@timestamp": "2026-11-27T10:00:00Z", marker, seq: i, user: "js" })).join("\n"),
    { tenantId, receivedAt: new Date("2026-11-27T10:00:01Z") },
  ).events;

async function count(tenantId: string, marker: string): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>("select count(*) as n from events where tenant_id = $1 and raw like $2", [tenantId, `%"${marker}"%`]);
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  nats = await startNatsServer();
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.adminUrl, max: 4 });
  a = (await signUp({ db }, { email: "js-a@a.test", password: "password-aaaa", name: "A", organizationName: "JS A" })).tenant.id;
  b = (await signUp({ db }, { email: "js-b@b.test", password: "password-bbbb", name: "B", organizationName: "JS B" })).tenant.id;
}, 120_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
  await nats?.stop();
});

describe("JetStreamLog", () => {
  it("the receivers' appends go first: the consumer holds its commits while one is in flight, at most 50 ms each", async () => {
    const app = createDb({ url: tdb.appUrl, max: 2 });
    const intake = new IntakeGauge();
    const options = { ...JETSTREAM_DEFAULTS, servers: nats.url, stream: "EV_I", subjectPrefix: "ev.i", durable: "wi", intake };
    const receivers = await JetStreamLog.connect(options, silent);
    const processing = await JetStreamLog.connect(options, silent);
    for (let i = 0; i < 4; i++) await receivers.append(a, { events: parse(a, `intake-${i}`, 10), deadLetters: [] });
    expect(intake.inFlight).toBe(0); // each append counted while in flight only
    const commits: number[] = [];
    intake.begin(); // a receiver's append that does not end: the consumer still commits, 50 ms apart
    const started = performance.now();
    await processing.start(storeWriter({ db: app }, { enqueue: () => undefined }, async (...args) => {
      commits.push(performance.now() - started);
      return copyIngestBatch(...args);
    }));
    await waitFor(() => processing.stats(), (s) => s.pending === 0);
    intake.end();
    expect(commits.length).toBeGreaterThanOrEqual(1);
    expect(commits[0]).toBeGreaterThanOrEqual(45);
    for (let i = 0; i < 4; i++) expect(await count(a, `intake-${i}`)).toBe(10);
    await processing.close();
    await receivers.close();
    await app.close();
  });

  it("queues appends durably, stores them once after COMMIT, and keeps tenants apart", async () => {
    const app = createDb({ url: tdb.appUrl, max: 2 });
    const fresh: { tenantId: string; n: number }[] = [];
    const log = await JetStreamLog.connect({ ...JETSTREAM_DEFAULTS, servers: nats.url, stream: "EV_A", subjectPrefix: "ev.a", durable: "w1" }, silent);
    const events = parse(a, "first", 30);
    // Published before the writer runs: the stream holds it.
    expect(await log.append(a, { events, deadLetters: [{ receiver: "ndjson", reason: "bad", raw: "{x" }] })).toEqual({ mode: "queued", messages: 1 });
    expect((await log.stats()).pending).toBe(1);
    // The same batch again (a sender's retry): same Nats-Msg-Id, not stored twice in the stream.
    await log.append(a, { events, deadLetters: [{ receiver: "ndjson", reason: "bad", raw: "{x" }] });
    expect((await log.stats()).pending).toBe(1);
    await log.append(b, { events: parse(b, "first", 5), deadLetters: [] });
    await log.start(storeWriter({ db: app }, { enqueue: (tenantId, e) => void fresh.push({ tenantId, n: e.length }) }));
    await waitFor(() => log.stats(), (s) => s.pending === 0);
    expect(await count(a, "first")).toBe(30);
    expect(await count(b, "first")).toBe(5);
    expect(fresh.sort((x, y) => x.n - y.n)).toEqual([{ tenantId: b, n: 5 }, { tenantId: a, n: 30 }]);
    const { rows } = await db.pool.query("select tenant_id from dead_letters where raw = '{x'");
    expect(rows).toEqual([{ tenant_id: a }]);
    await log.close();
    await app.close();
  });

  it("splits a large batch under max_payload and rejects a single oversized event", async () => {
    const log = await JetStreamLog.connect({ ...JETSTREAM_DEFAULTS, servers: nats.url, stream: "EV_B", subjectPrefix: "ev.b", durable: "w1" }, silent);
    const big = parse(a, "big", 400).map((e) => ({ ...e, raw: `${e.raw}${"x".repeat(8_000)}` }));
    const appended = await log.append(a, { events: big, deadLetters: [] });
    expect(appended.mode === "queued" && appended.messages).toBeGreaterThanOrEqual(4);
    const huge = { ...big[0]!, raw: "y".repeat(2 * 1024 * 1024) };
    await expect(log.append(a, { events: [huge], deadLetters: [] })).rejects.toThrow(/exceeds the event log/);
    await log.close();
  });

  it("retries a store outage without dropping or acking, then stores everything once", async () => {
    let failing = true;
    let attempts = 0;
    const flaky = async (deps: { db: Db }, tenantId: string, batch: LogBatch) => {
      attempts++;
      if (failing) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      return copyIngestBatch(deps, tenantId, batch);
    };
    const app = createDb({ url: tdb.appUrl, max: 2 });
    const log = await JetStreamLog.connect({ ...JETSTREAM_DEFAULTS, servers: nats.url, stream: "EV_C", subjectPrefix: "ev.c", durable: "w1", ackWaitMs: 2_000, retryMinMs: 50, retryMaxMs: 200 }, silent);
    await log.start(storeWriter({ db: app }, { enqueue: () => undefined }, flaky));
    for (let i = 0; i < 5; i++) await log.append(a, { events: parse(a, `outage-${i}`, 10), deadLetters: [] });
    // Longer than ack_wait: held messages are kept alive (working), not redelivered into duplicates.
    await waitFor(async () => attempts, (n) => n >= 20, 10_000);
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await log.stats()).pending).toBe(5);
    failing = false;
    await waitFor(() => log.stats(), (s) => s.pending === 0, 15_000);
    for (let i = 0; i < 5; i++) expect(await count(a, `outage-${i}`)).toBe(10);
    const stats = await log.stats();
    expect(stats.storeFailures).toBeGreaterThanOrEqual(20);
    await log.close();
    await app.close();
  });

  it("answers a NATS outage with LogUnavailableError at once, and resumes when the server is back", async () => {
    const app = createDb({ url: tdb.appUrl, max: 2 });
    const log = await JetStreamLog.connect({ ...JETSTREAM_DEFAULTS, servers: nats.url, stream: "EV_E", subjectPrefix: "ev.e", durable: "w1" }, silent);
    await log.start(storeWriter({ db: app }, { enqueue: () => undefined }));
    await log.append(a, { events: parse(a, "nats-before", 3), deadLetters: [] });
    await nats.halt();
    try {
      await waitFor(async () => log.append(a, { events: parse(a, "nats-down", 1), deadLetters: [] }).then(() => "taken", (e: unknown) => e), (r) => r instanceof LogUnavailableError, 10_000);
      const started = Date.now();
      await expect(log.append(a, { events: parse(a, "nats-down", 2), deadLetters: [] })).rejects.toBeInstanceOf(LogUnavailableError);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await nats.start();
    }
    await waitFor(() => log.append(a, { events: parse(a, "nats-after", 3), deadLetters: [] }).then(() => true, () => false), (ok) => ok, 15_000);
    await waitFor(() => count(a, "nats-after"), (n) => n === 3, 15_000);
    expect(await count(a, "nats-before")).toBe(3);
    expect(await count(a, "nats-after")).toBe(3);
    await log.close();
    await app.close();
  });

  it("hands back unacked messages on close: the next writer stores them", async () => {
    const options = { ...JETSTREAM_DEFAULTS, servers: nats.url, stream: "EV_D", subjectPrefix: "ev.d", durable: "w1" };
    const first = await JetStreamLog.connect(options, silent);
    for (let i = 0; i < 3; i++) await first.append(b, { events: parse(b, `handover-${i}`, 4), deadLetters: [] });
    await first.close();
    const app = createDb({ url: tdb.appUrl, max: 2 });
    const second = await JetStreamLog.connect(options, silent);
    await second.start(storeWriter({ db: app }, { enqueue: () => undefined }));
    await waitFor(() => second.stats(), (s) => s.pending === 0);
    for (let i = 0; i < 3; i++) expect(await count(b, `handover-${i}`)).toBe(4);
    expect(await count(a, "handover-0")).toBe(0);
    await second.close();
    await app.close();
  });
});
