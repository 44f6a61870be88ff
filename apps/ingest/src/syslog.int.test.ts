// Syslog receivers (UDP, TCP with LF and octet counting, TLS) fed by `logger` and raw sockets,
// against a real PostgreSQL. Tenants come from `[vigil@32473 token="..."]` or a default token.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";
import type { Captured } from "./testing/syslog";
import { deadLettersWith, rowsWith, run, sendTcp, startSyslog, waitFor } from "./testing/syslog";
import type { RunningSyslogReceiver } from "./syslog/receiver";
import { syslogTcpReceiver, syslogTlsReceiver, syslogUdpReceiver } from "./syslog/receiver";

let h: Harness;
let a: { tenantId: string; token: string };
let b: { tenantId: string; token: string };
let udp: RunningSyslogReceiver & Captured;
let tcp: RunningSyslogReceiver;
let defaulted: RunningSyslogReceiver;
const started: RunningSyslogReceiver[] = [];

const mark = () => `m-${randomUUID().slice(0, 8)}`;
const sd = (token: string) => ["--sd-id", "vigil@32473", "--sd-param", `token="${token}"`];
const stored = (marker: string, n = 1) => waitFor(() => rowsWith(h, marker), (rows) => rows.length >= n);

beforeAll(async () => {
  h = await startHarness(testDatabaseUrls(process.env));
  a = await h.createTenant();
  b = await h.createTenant();
  udp = await startSyslog(h, syslogUdpReceiver);
  tcp = await startSyslog(h, syslogTcpReceiver, { maxMessageBytes: 2048, idleTimeoutMs: 500 });
  defaulted = await startSyslog(h, syslogTcpReceiver, { defaultToken: b.token });
  started.push(udp, tcp, defaulted);
});
afterAll(async () => {
  for (const r of started) await r.close();
  await h?.close();
});

describe("syslog with logger(1)", () => {
  it("stores an RFC 5424 message over UDP for the token's tenant, without the token", async () => {
    const m = mark();
    await run("logger", ["--udp", "--server", "127.0.0.1", "--port", String(udp.port), "--rfc5424", ...sd(a.token), "-t", "sshd", "-p", "auth.info", `Accepted password for alice from 198.51.100.7 port 4242 ssh2 ${m}`]);
    const rows = await stored(m);
    expect(rows).toMatchObject([{ tenant_id: a.tenantId, receiver: "syslog", doc: { user: { name: "alice" }, source: { ip: "198.51.100.7" }, event: { outcome: "success" } } }]);
    expect(rows[0]?.raw).not.toContain(a.token);
    expect(JSON.stringify(rows[0]?.doc)).not.toContain(a.token);
  });

  it("stores messages sent over TCP with octet counting", async () => {
    const m = mark();
    for (const n of [1, 2, 3]) await run("logger", ["--tcp", "--octet-count", "--server", "127.0.0.1", "--port", String(tcp.port), "--rfc5424", ...sd(b.token), "-t", "app", `tcp ${n} ${m}`]);
    const rows = await stored(m, 3);
    expect(rows.map((r) => r.tenant_id)).toEqual([b.tenantId, b.tenantId, b.tenantId]);
  });

  it("attributes plain messages (no structured data) to the listener's default tenant", async () => {
    const m = mark();
    await run("logger", ["--tcp", "--server", "127.0.0.1", "--port", String(defaulted.port), "--rfc3164", "-t", "cron", `plain ${m}`]);
    expect((await stored(m)).map((r) => r.tenant_id)).toEqual([b.tenantId]);
  });

  it("drops (counts and logs) messages without a token or with a wrong one, attributing them to nobody", async () => {
    const m = mark();
    const before = { ...udp.stats.dropped };
    await run("logger", ["--udp", "--server", "127.0.0.1", "--port", String(udp.port), "--rfc5424", "-t", "x", `no token ${m}`]);
    await run("logger", ["--udp", "--server", "127.0.0.1", "--port", String(udp.port), "--rfc5424", ...sd("vgl_wrongwrongwrongwrongwrongwrongwrong"), "-t", "x", `bad token ${m}`]);
    await waitFor(async () => udp.stats.dropped, (d) => d.noToken > before.noToken && d.invalidToken > before.invalidToken);
    await udp.flush();
    expect(udp.stats.dropped.noToken).toBe(before.noToken + 1);
    expect(udp.stats.dropped.invalidToken).toBe(before.invalidToken + 1);
    expect(await rowsWith(h, m)).toEqual([]);
    expect(await deadLettersWith(h, m)).toEqual([]);
    expect(udp.warnings.some((w) => /without a vigil@32473 token/.test(w.msg ?? ""))).toBe(true);
  });
});

describe("syslog TCP bad input", () => {
  it("dead-letters an oversized line and garbage, keeps the connection, stores invalid UTF-8", async () => {
    const m = mark();
    const head = `<13>1 2026-11-27T10:00:00Z h app - - [vigil@32473 token="${a.token}"]`;
    await sendTcp(tcp.port, [
      `${head} big ${m} ${"x".repeat(5000)}\n`,
      `${head} \u0001\u0002 garbage ${m}\n`.replace("<13>1 2026-11-27T10:00:00Z", "\u0007\u0007"),
      Buffer.concat([Buffer.from(`${head} utf ${m} `), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from("\n")]),
      `${head} after ${m}\n`,
    ]);
    const rows = await stored(m, 2);
    expect(rows.map((r) => r.raw.replace(/^.*? - - - /, "")).sort()).toEqual([`after ${m}`, `utf ${m} \uFFFD\uFFFD(`]);
    const letters = await waitFor(() => deadLettersWith(h, m), (l) => l.length >= 2);
    expect(letters.map((l) => [l.tenant_id, l.reason.slice(0, 30)]).sort()).toEqual([
      [a.tenantId, expect.stringMatching(/^message of \d+ bytes exceeds/)],
      [a.tenantId, "unknown: unrecognized format ("],
    ].sort());
    expect(letters.every((l) => !l.raw.includes(a.token))).toBe(true);
  });

  it("closes idle connections (slowloris)", async () => {
    const closed = await new Promise<number>((resolve) => {
      const t0 = Date.now();
      const socket = connect({ host: "127.0.0.1", port: tcp.port }, () => socket.write("<13>1 - h a - - - slow"));
      socket.on("close", () => resolve(Date.now() - t0));
      socket.on("error", () => undefined);
      socket.resume();
    });
    expect(closed).toBeGreaterThanOrEqual(400);
    expect(closed).toBeLessThan(5000);
  });

  it("commits a long octet-counted stream in batches, all of it, for its tenant only", async () => {
    const m = mark();
    const frames = Array.from({ length: 1200 }, (_, i) => {
      const msg = `<38>1 2026-11-27T10:00:00.${String(i).padStart(3, "0")}Z h sshd 1 - [vigil@32473 token="${a.token}"] Failed password for bob from 203.0.113.5 port ${1000 + i} ssh2 ${m}`;
      return `${Buffer.byteLength(msg)} ${msg}`;
    });
    await sendTcp(tcp.port, [frames.join("")]);
    const rows = await stored(m, 1200);
    expect(rows).toHaveLength(1200);
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([a.tenantId]));
  });
});

describe("syslog TCP backpressure", () => {
  it("stops reading a connection while its full batch waits for the database, then drains it", async () => {
    const r = await startSyslog(h, syslogTcpReceiver, { batchLines: 100 });
    started.push(r);
    const m = mark();
    const frames = Array.from({ length: 600 }, (_, i) => {
      const msg = `<13>1 2026-11-27T11:00:00Z h app - - [vigil@32473 token="${a.token}"] held ${i} ${m}`;
      return `${Buffer.byteLength(msg)} ${msg}`;
    });
    const lock = await h.admin.pool.connect();
    try {
      await lock.query("begin");
      await lock.query("lock table events in exclusive mode");
      const sent = sendTcp(r.port, [frames.join("")]);
      // One batch commits (blocked by the lock) while the next fills; then reading stops.
      await waitFor(async () => r.stats.received, (n) => n >= 200, 5000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(r.stats.received).toBe(200);
      await lock.query("commit");
      await sent;
    } finally {
      lock.release();
    }
    expect(await stored(m, 600)).toHaveLength(600);
  });
});

describe("syslog over TLS (RFC 5425)", () => {
  it("accepts octet-counted messages over TLS with a self-signed certificate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-tls-"));
    const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
    await run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-days", "1", "-keyout", key, "-out", cert]);
    const tls = await startSyslog(h, syslogTlsReceiver, { tls: { key: readFileSync(key), cert: readFileSync(cert) } });
    started.push(tls);
    const m = mark();
    const msg = `<13>1 2026-11-27T10:00:00Z h app - - [vigil@32473 token="${b.token}"] over tls ${m}`;
    await sendTcp(tls.port, [`${Buffer.byteLength(msg)} ${msg}`], { ca: readFileSync(cert, "utf8") });
    expect((await stored(m)).map((r) => r.tenant_id)).toEqual([b.tenantId]);
  });
});
