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

  it("adds one listener per tenant port (VIGIL_SYSLOG_TENANT_PORTS), with its token and format", () => {
    const a = `vgl_${"a".repeat(43)}`;
    const b = `vgl_${"b".repeat(43)}`;
    const env = readIngestEnv({ VIGIL_SYSLOG_UDP_PORT: "5514", VIGIL_SYSLOG_TENANT_PORTS: ` udp:5515=${a}, tcp:6601=${b}:cef,udp:6601=${b}` });
    expect(env.syslog.map((l) => [l.id, l.config.port, l.config.defaultToken, l.config.format])).toEqual([
      ["syslog-udp", 5514, undefined, "auto"],
      ["syslog-udp", 5515, a, "auto"],
      ["syslog-tcp", 6601, b, "cef"],
      ["syslog-udp", 6601, b, "auto"],
    ]);
    const bad: [string, RegExp][] = [
      [`udp:5515`, /entry 1 \("udp:5515"\): expected <udp\|tcp\|tls>:<port>=<ingest token>\[:<format>\]/],
      [`sctp:5515=${a}`, /entry 1 \("sctp:5515=vgl_…"\)/],
      [`udp:70000=${a}`, /port 70000 is not from 0 to 65535/],
      [`tcp:6601=${a}:klingon`, /unknown format "klingon"/],
      [`udp:5514=${a}`, /udp port 5514 is already a listener's/],
      [`tcp:6601=${a},tcp:6601=${b}`, /tcp port 6601 is already a listener's/],
      [`tls:6602=${a}`, /VIGIL_SYSLOG_TLS_KEY/],
    ];
    for (const [value, message] of bad) {
      let error: unknown;
      try {
        readIngestEnv({ VIGIL_SYSLOG_UDP_PORT: "5514", VIGIL_SYSLOG_TENANT_PORTS: value });
      } catch (e) {
        error = e;
      }
      expect(String(error)).toMatch(message);
      // The token never appears in the message.
      expect(String(error)).not.toContain("a".repeat(43));
    }
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
