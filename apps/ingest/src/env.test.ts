import { describe, expect, it } from "vitest";
import { readIngestEnv } from "./env";

describe("readIngestEnv", () => {
  it("enables only the syslog listeners whose port is set", () => {
    const env = readIngestEnv({ VIGIL_SYSLOG_UDP_PORT: "5514", VIGIL_SYSLOG_TCP_PORT: "6514", VIGIL_SYSLOG_DEFAULT_TOKEN: "vgl_x", VIGIL_SYSLOG_BATCH_LINES: "100" });
    expect(env.http.VIGIL_INGEST_PORT).toBe(8088);
    expect(env.syslog.map((l) => [l.id, l.config.port, l.config.defaultToken, l.config.batchLines])).toEqual([
      ["syslog-udp", 5514, "vgl_x", 100],
      ["syslog-tcp", 6514, "vgl_x", 100],
    ]);
    expect(readIngestEnv({}).syslog).toEqual([]);
  });

  it("uses JetStream when NATS_URL is set, the in-process log otherwise", () => {
    expect(readIngestEnv({}).eventLog).toMatchObject({ kind: "in-process", options: { storeTimeoutMs: 10_000 } });
    const js = readIngestEnv({ NATS_URL: "nats://127.0.0.1:4222", VIGIL_EVENTS_ACK_WAIT_MS: "5000", VIGIL_EVENTS_STREAM: "EV_TEST" }).eventLog;
    expect(js).toMatchObject({ kind: "jetstream", options: { servers: "nats://127.0.0.1:4222", stream: "EV_TEST", ackWaitMs: 5000, subjectPrefix: "vigil.events" } });
  });

  it("reads the tenant quota and overload bounds", () => {
    expect(readIngestEnv({}).limits).toMatchObject({ quota: { eventsPerSecond: 100_000 }, maxPendingBatches: 32, requestTimeoutMs: 60_000, quotaRefreshMs: 10_000 });
    const limits = readIngestEnv({ VIGIL_TENANT_EVENTS_PER_SEC: "5000", VIGIL_INGEST_MAX_PENDING_BATCHES: "8" }).limits;
    expect(limits).toMatchObject({ quota: { eventsPerSecond: 5000 }, maxPendingBatches: 8 });
    expect(() => readIngestEnv({ VIGIL_TENANT_EVENTS_PER_SEC: "lots" })).toThrowError(/limits.*VIGIL_TENANT_EVENTS_PER_SEC/);
  });

  it("names the bad variable", () => {
    expect(() => readIngestEnv({ NATS_URL: "nats://x", VIGIL_EVENTS_ACK_WAIT_MS: "10" })).toThrowError(/event log.*VIGIL_EVENTS_ACK_WAIT_MS/);
    expect(() => readIngestEnv({ NATS_URL: "nats://x", VIGIL_EVENTS_STREAM: "bad name" })).toThrowError(/VIGIL_EVENTS_STREAM/);
    expect(() => readIngestEnv({ VIGIL_SYSLOG_TCP_PORT: "70000" })).toThrowError(/VIGIL_SYSLOG_TCP_PORT/);
    expect(() => readIngestEnv({ VIGIL_SYSLOG_TLS_PORT: "6515" })).toThrowError(/VIGIL_SYSLOG_TLS_KEY/);
  });
});
