// What senders see while the event log cannot take batches (PostgreSQL down in in-process mode,
// JetStream unreachable), against a real database for tokens and storage: HEC/NDJSON 503 with
// Retry-After and Splunk's code 9, `_bulk` per-item 429, syslog held and retried (nothing dropped,
// stored once the log is back), and the other tenant untouched.
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { InProcessLog } from "./log/in-process";
import type { AppendResult, EventLog, LogBatch, LogStats } from "./log/types";
import { LogUnavailableError } from "./log/types";
import { storeWriter } from "./log/writer";
import { buildIngestServer } from "./server";
import { syslogTcpReceiver } from "./syslog/receiver";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";
import { rowsWith, sendTcp, startSyslog, waitFor } from "./testing/syslog";


/** An in-process log that refuses every append while `down` (as when PostgreSQL is unreachable). */
class SwitchableLog implements EventLog {
  readonly mode = "in-process" as const;
  down = false;
  refused = 0;
  constructor(private readonly inner: InProcessLog) {}
  async append(tenantId: string, batch: LogBatch): Promise<AppendResult> {
    if (this.down) {
      this.refused++;
      throw new LogUnavailableError("the event store is unavailable; retry later", 7);
    }
    return this.inner.append(tenantId, batch);
  }
  start = (writer: Parameters<EventLog["start"]>[0]) => this.inner.start(writer);
  stats = (): Promise<LogStats> => this.inner.stats();
  close = () => this.inner.close();
}

let h: Harness;
let log: SwitchableLog;
let app: FastifyInstance;
let a: { tenantId: string; token: string };
let b: { tenantId: string; token: string };

beforeAll(async () => {
  h = await startHarness(testDatabaseUrls(process.env));
  log = new SwitchableLog(new InProcessLog());
  await log.start(storeWriter({ db: h.db }, h.pipeline));
  app = buildIngestServer({ services: { db: h.db }, sink: h.pipeline, eventLog: log, maxBodyBytes: 1024 * 1024 });
  await app.ready();
  a = await h.createTenant();
  b = await h.createTenant();
});
afterAll(async () => {
  await app?.close();
  await log?.close();
  await h?.close();
});

describe("event log unavailable", () => {
  it("HEC and NDJSON answer 503 Server is busy (code 9) with Retry-After, and store nothing", async () => {
    log.down = true;
    try {
      const hec = await app.inject({ method: "POST", url: "/services/collector/event", payload: '{"event":"busy-hec-1"}', headers: { authorization: `Splunk ${a.token}` } });
      expect(hec.statusCode).toBe(503);
      expect(hec.headers["retry-after"]).toBe("7");
      expect(hec.json()).toEqual({ text: "Server is busy", code: 9 });
      const nd = await app.inject({ method: "POST", url: "/v1/events", payload: '{"message":"busy-nd-1"}', headers: { authorization: `Bearer ${a.token}` } });
      expect(nd.statusCode).toBe(503);
      expect(nd.headers["retry-after"]).toBe("7");
    } finally {
      log.down = false;
    }
    expect(await rowsWith(h, "busy-hec-1")).toEqual([]);
    // Back up: the same request is taken.
    const again = await app.inject({ method: "POST", url: "/services/collector/event", payload: '{"event":"busy-hec-1"}', headers: { authorization: `Splunk ${a.token}` } });
    expect(again.json()).toMatchObject({ code: 0, accepted: 1, duplicates: 0 });
    expect((await rowsWith(h, "busy-hec-1")).map((r) => r.tenant_id)).toEqual([a.tenantId]);
  });

  it("_bulk answers every item 429 (retried by Beats, Logstash, Fluent Bit, Vector) with Retry-After", async () => {
    const body = `${JSON.stringify({ create: { _index: "logs" } })}\n${JSON.stringify({ message: "busy-bulk-1" })}\n${JSON.stringify({ index: { _index: "logs" } })}\n{broken\n`;
    const auth = `ApiKey ${Buffer.from(`id:${a.token}`).toString("base64")}`;
    log.down = true;
    let res;
    try {
      res = await app.inject({ method: "POST", url: "/_bulk", payload: body, headers: { authorization: auth, "content-type": "application/x-ndjson" } });
    } finally {
      log.down = false;
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers["retry-after"]).toBe("7");
    const json = res.json() as { errors: boolean; items: Record<string, { status: number; error?: { type: string } }>[] };
    expect(json.errors).toBe(true);
    expect(json.items.map((i) => Object.values(i)[0]!.status)).toEqual([429, 429]);
    expect(json.items[0]!.create!.error!.type).toBe("es_rejected_execution_exception");
    expect(await rowsWith(h, "busy-bulk-1")).toEqual([]);
  });

  it("syslog TCP holds its batches while the log is down and stores every line once it is back", async () => {
    const refusing = new SwitchableLog(h.eventLog as InProcessLog);
    const r = await startSyslog(h, syslogTcpReceiver, { batchLines: 50, batchDelayMs: 20 }, refusing);
    const lines = (token: string, tag: string, n: number) => Array.from({ length: n }, (_, i) => `<13>1 2026-11-27T12:00:00Z h app - - [vigil@32473 token="${token}"] ${tag} line ${i}\n`).join("");
    try {
      refusing.down = true;
      const sent = sendTcp(r.port, [lines(a.token, "outage-a", 120), lines(b.token, "outage-b", 30)]);
      await waitFor(async () => refusing.refused, (n) => n >= 3, 5_000);
      expect(await rowsWith(h, "outage-a")).toEqual([]);
      refusing.down = false;
      await sent;
      // The server reads on after the client's close: wait for every line, then flush the batches.
      await waitFor(async () => r.stats.received, (n) => n === 150);
      await r.flush();
      const rowsA = await waitFor(() => rowsWith(h, "outage-a"), (rows) => rows.length === 120);
      const rowsB = await waitFor(() => rowsWith(h, "outage-b"), (rows) => rows.length === 30);
      expect(rowsA).toHaveLength(120);
      expect(new Set(rowsA.map((x) => x.tenant_id))).toEqual(new Set([a.tenantId]));
      expect(rowsB).toHaveLength(30);
      expect(new Set(rowsB.map((x) => x.tenant_id))).toEqual(new Set([b.tenantId]));
      expect(r.stats.dropped).toEqual({ noToken: 0, invalidToken: 0, overload: 0, rejected: 0, shutdown: 0 });
    } finally {
      await r.close();
    }
  });
});
