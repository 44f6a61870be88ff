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

  it("names the bad variable", () => {
    expect(() => readIngestEnv({ VIGIL_SYSLOG_TCP_PORT: "70000" })).toThrowError(/VIGIL_SYSLOG_TCP_PORT/);
    expect(() => readIngestEnv({ VIGIL_SYSLOG_TLS_PORT: "6515" })).toThrowError(/VIGIL_SYSLOG_TLS_KEY/);
  });
});
