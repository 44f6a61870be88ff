// Every receiver through the JetStream event log (a throwaway nats-server, a throwaway database):
// HEC, NDJSON, `_bulk` and syslog answer once the batch is in the stream, the writer stores it, and
// detection is handed each stored event exactly once even when a sender repeats a request.
import type { VigilEvent } from "@vigil/schema";
import type { FastifyInstance } from "fastify";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JETSTREAM_DEFAULTS, JetStreamLog } from "./log/jetstream";
import { storeWriter } from "./log/writer";
import { buildIngestServer } from "./server";
import { syslogTcpReceiver } from "./syslog/receiver";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";
import type { NatsServer } from "./testing/processes";
import { startNatsServer } from "./testing/processes";
import { deadLettersWith, rowsWith, sendTcp, startSyslog, waitFor } from "./testing/syslog";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let h: Harness;
let nats: NatsServer;
let log: JetStreamLog;
let app: FastifyInstance;
let a: { tenantId: string; token: string };
let b: { tenantId: string; token: string };
/** event id -> times handed to detection */
const detected = new Map<string, number>();

beforeAll(async () => {
  [h, nats] = await Promise.all([startHarness(testDatabaseUrls(process.env)), startNatsServer()]);
  log = await JetStreamLog.connect({ ...JETSTREAM_DEFAULTS, servers: nats.url }, silent);
  const sink = {
    enqueue(tenantId: string, events: readonly VigilEvent[]) {
      for (const e of events) detected.set(e.id, (detected.get(e.id) ?? 0) + 1);
      h.pipeline.enqueue(tenantId, events);
    },
  };
  await log.start(storeWriter({ db: h.db }, sink));
  app = buildIngestServer({ services: { db: h.db }, sink, eventLog: log, maxBodyBytes: 1024 * 1024 });
  await app.ready();
  a = await h.createTenant();
  b = await h.createTenant();
}, 120_000);
afterAll(async () => {
  await app?.close();
  await log?.close();
  await h?.close();
  await nats?.stop();
});

const drained = () => waitFor(() => log.stats(), (s) => s.pending === 0, 15_000);

describe("receivers over JetStream", () => {
  it("HEC and NDJSON answer once queued; a repeated request is stored and detected once", async () => {
    const body = '{"event":{"msg":"js-hec-1","user":"ann"},"time":1764237600}\n{"event":{"msg":"js-hec-2"},"time":1764237601}\n{"nope';
    const first = await app.inject({ method: "POST", url: "/services/collector/event", payload: body, headers: { authorization: `Splunk ${a.token}` } });
    expect(first.statusCode).toBe(400);
    // Not stored yet, so replays are not counted: the answer says what was accepted.
    expect(first.json()).toMatchObject({ code: 6, accepted: 2, rejected: 1 });
    expect(first.json()).not.toHaveProperty("duplicates");
    const again = await app.inject({ method: "POST", url: "/services/collector/event", payload: body, headers: { authorization: `Splunk ${a.token}` } });
    expect(again.json()).toMatchObject({ accepted: 2 });
    const nd = await app.inject({ method: "POST", url: "/v1/events", payload: '{"message":"js-nd-1"}\n', headers: { authorization: `Bearer ${b.token}` } });
    expect(nd.json()).toMatchObject({ code: 0, accepted: 1 });
    await drained();
    expect((await rowsWith(h, "js-hec-")).map((r) => r.tenant_id)).toEqual([a.tenantId, a.tenantId]);
    expect((await rowsWith(h, "js-nd-1")).map((r) => r.tenant_id)).toEqual([b.tenantId]);
    const { rows } = await h.admin.pool.query("select tenant_id from dead_letters where raw like '%{\"nope%'");
    expect(rows).toEqual([{ tenant_id: a.tenantId }]);
    const ids = (await h.admin.pool.query<{ id: string }>("select id from events where raw like '%js-%'")).rows.map((r) => r.id);
    expect(ids.map((id) => detected.get(id))).toEqual(ids.map(() => 1));
  });

  it("_bulk answers created per item once queued, and the documents are stored for the token's tenant", async () => {
    const body = `${JSON.stringify({ index: { _index: "logs" } })}\n${JSON.stringify({ message: "js-bulk-1", "@timestamp": "2026-11-27T10:00:00Z" })}\n`;
    const res = await app.inject({ method: "POST", url: "/_bulk", payload: body, headers: { authorization: `ApiKey ${b.token}`, "content-type": "application/x-ndjson" } });
    expect(res.json()).toMatchObject({ errors: false, items: [{ index: { status: 201, result: "created" } }] });
    await drained();
    expect((await rowsWith(h, "js-bulk-1")).map((r) => r.tenant_id)).toEqual([b.tenantId]);
  });

  it("syslog batches are queued (stats.queued) and stored, each line for its own tenant", async () => {
    const r = await startSyslog(h, syslogTcpReceiver, { batchLines: 20, batchDelayMs: 10 }, log);
    try {
      const lines = (token: string, tag: string, n: number) => Array.from({ length: n }, (_, i) => `<13>1 2026-11-27T12:00:00Z h app - - [vigil@32473 token="${token}"] ${tag} ${i}\n`).join("");
      await sendTcp(r.port, [lines(a.token, "js-syslog-a", 45), lines(b.token, "js-syslog-b", 5)]);
      // The server reads on after the client's close: wait for every line, then flush the batches.
      await waitFor(async () => r.stats.received, (n) => n === 50);
      await r.flush();
      expect(r.stats).toMatchObject({ queued: 50, stored: 0 });
      await drained();
      const rowsA = await waitFor(() => rowsWith(h, "js-syslog-a"), (rows) => rows.length === 45);
      expect(new Set(rowsA.map((x) => x.tenant_id))).toEqual(new Set([a.tenantId]));
      expect((await rowsWith(h, "js-syslog-b")).map((x) => x.tenant_id)).toEqual(Array(5).fill(b.tenantId));
    } finally {
      await r.close();
    }
  });

  it("syslog lines are logged raw and parsed by the writer's side: repeats stay distinct, a bad line is its tenant's dead letter", async () => {
    const r = await startSyslog(h, syslogTcpReceiver, { batchLines: 50, batchDelayMs: 10 }, log);
    try {
      const same = `<38>1 2026-11-27T12:00:00Z vpn-gw-1 sshd 4242 - [vigil@32473 token="${a.token}"] Failed password for js-raw-repeat from 10.0.0.7 port 50022 ssh2\n`;
      const bad = `<999>1 js-raw-bad [vigil@32473 token="${a.token}"] not a syslog header\n`;
      await sendTcp(r.port, [same.repeat(3) + bad]);
      await waitFor(async () => r.stats.received, (n) => n === 4);
      await r.flush();
      expect(r.stats).toMatchObject({ queued: 4, stored: 0 });
      await drained();
      const rows = await waitFor(() => rowsWith(h, "js-raw-repeat"), (x) => x.length === 3);
      expect(rows.map((x) => [x.tenant_id, x.receiver])).toEqual(Array(3).fill([a.tenantId, "syslog"]));
      const letters = await waitFor(() => deadLettersWith(h, "js-raw-bad"), (x) => x.length === 1);
      expect(letters[0]).toMatchObject({ tenant_id: a.tenantId, reason: expect.stringMatching(/column \d+/) });
      // The other tenant sees neither (row-level security on the application role).
      const seenByB = await h.db.withTenantClient(b.tenantId, async (c) => {
        const events = await c.query("select 1 from events where raw like '%js-raw-%'");
        const dead = await c.query("select 1 from dead_letters where raw like '%js-raw-%'");
        return events.rowCount! + dead.rowCount!;
      });
      expect(seenByB).toBe(0);
    } finally {
      await r.close();
    }
  });
});
