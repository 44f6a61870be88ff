// Hostile traffic through the real receivers and PostgreSQL: garbage bodies on every HTTP
// receiver answer 400 with a precise message (never 500) while the valid events before the
// garbage are kept and the bad items are visible as the tenant's dead letters (and only its);
// slowloris HTTP and syslog senders are cut by timeouts while other senders are served; a 10 MB
// syslog line is dead-lettered.
import { randomUUID } from "node:crypto";
import type { AddressInfo, Socket } from "node:net";
import { connect } from "node:net";
import type { FastifyInstance } from "fastify";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIngestServer } from "./server";
import type { RunningSyslogReceiver } from "./syslog/receiver";
import { syslogTcpReceiver } from "./syslog/receiver";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";
import { sendTcp, startSyslog, waitFor } from "./testing/syslog";

const REQUEST_TIMEOUT_MS = 1500;
const SYSLOG_IDLE_MS = 1500;
let h: Harness;
let app: FastifyInstance;
let base: string;
let syslog: RunningSyslogReceiver;
let a: { tenantId: string; token: string };
let b: { tenantId: string; token: string };

beforeAll(async () => {
  h = await startHarness(testDatabaseUrls(process.env));
  a = await h.createTenant();
  b = await h.createTenant();
  app = buildIngestServer({ services: { db: h.db }, sink: h.pipeline, eventLog: h.eventLog, maxBodyBytes: 1024 * 1024, requestTimeoutMs: REQUEST_TIMEOUT_MS });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  syslog = await startSyslog(h, syslogTcpReceiver, { idleTimeoutMs: SYSLOG_IDLE_MS, maxMessageBytes: 64 * 1024 });
});
afterAll(async () => {
  await syslog?.close();
  await app?.close();
  await h?.close();
});

const mark = () => `fz-${randomUUID().slice(0, 8)}`;
const hecAuth = (token: string) => ({ authorization: `Splunk ${token}` });
const post = (url: string, body: string | Buffer, headers: Record<string, string>) => app.inject({ method: "POST", url, payload: body, headers });
/** Rows under the tenant's own RLS scope: what that tenant can see. */
const eventsOf = (tenantId: string, marker: string) => h.db.withTenant(tenantId, (tx) => tx.event.findMany({ where: { raw: { contains: marker } }, select: { raw: true } }));
const deadOf = (tenantId: string, marker: string) =>
  h.db.withTenant(tenantId, (tx) => tx.deadLetter.findMany({ where: { raw: { contains: marker } }, select: { raw: true, reason: true, receiver: true }, orderBy: { receivedAt: "asc" } }));

/** Deterministic PRNG (xorshift32): a failing body reproduces from its seed. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function garbage(next: () => number, length: number): Buffer {
  const alphabet = Buffer.from('{}[]":,\\\n\r\t \u0000abc123ÿ');
  return Buffer.from(Array.from({ length }, () => (next() < 0.5 ? (alphabet[Math.floor(next() * alphabet.length)] as number) : Math.floor(next() * 256))));
}

describe("garbage bodies on the HTTP receivers", () => {
  it("HEC: valid events before the garbage are stored, the rest are the tenant's dead letters, 400 names them", async () => {
    const m = mark();
    const ok = (i: number) => JSON.stringify({ event: { marker: m, i }, time: 1764237600 + i });
    const body = `${ok(1)}${ok(2)}\n{"event": oops ${m}}\n[1,2]\n{"time":1}\n{"event":"${m} truncated`;
    const res = await post("/services/collector/event", body, hecAuth(a.token));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ text: "Invalid data format", code: 6, "invalid-event-number": 2, accepted: 2, rejected: 4 });
    const errors = (res.json() as { errors: string[] }).errors;
    expect(errors[0]).toMatch(/^event 3: /);
    expect(errors.slice(1)).toEqual([
      "event 4: expected a JSON object, got an array",
      expect.stringMatching(/^event 5: .*event/),
      "event 6: truncated JSON: the body ended before this object was closed",
    ]);
    expect(await eventsOf(a.tenantId, m)).toHaveLength(2);
    expect((await deadOf(a.tenantId, m)).map((d) => d.receiver)).toEqual(["hec", "hec"]);
    expect(await deadOf(b.tenantId, m)).toEqual([]);
    expect(await eventsOf(b.tenantId, m)).toEqual([]);
  });

  it("NDJSON: line-precise errors, valid lines kept; invalid UTF-8 and NUL do not fail the batch", async () => {
    const m = mark();
    const body = Buffer.concat([
      Buffer.from(`{"message":"${m} one"}\n{"message": ${m}\n`),
      Buffer.from([0x7b, 0x22, 0x6d, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]), // {"m":"\xff\xfe"} (invalid UTF-8)
      Buffer.from(`{"message":"${m} nul \\u0000 inside"}\n${m}\u0000 raw NUL line\n`),
    ]);
    const res = await post("/v1/events", body, { authorization: `Bearer ${a.token}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 6, "invalid-event-number": 1, accepted: 3, rejected: 2 });
    expect((res.json() as { errors: string[] }).errors).toEqual([expect.stringMatching(/^line 2: /), expect.stringMatching(/^line 5: /)]);
    expect(await eventsOf(a.tenantId, m)).toHaveLength(2);
    const dead = await deadOf(a.tenantId, m);
    expect(dead.map((d) => d.reason)).toEqual([expect.stringMatching(/^line 2: /), expect.stringMatching(/^line 5: /)]);
    expect(dead[1]?.raw).toBe(`${m}\uFFFD raw NUL line`);
  });

  it("HEC raw: NUL bytes and lone surrogates in text formats are stored, not a failed batch", async () => {
    const m = mark();
    const body = `<13>Nov 27 10:00:00 host app: ${m} a\u0000b\uD800\n${m} not any known format \u0000\n<13>Nov 27 10:00:01 host app: ${m} ok`;
    const res = await post("/services/collector/raw", body, hecAuth(a.token));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ accepted: 2, rejected: 1, errors: [expect.stringMatching(/^line 2: unknown: unrecognized format/)] });
    expect((await eventsOf(a.tenantId, m)).map((e) => e.raw)).toEqual(expect.arrayContaining([`<13>Nov 27 10:00:00 host app: ${m} a\uFFFDb\uFFFD`]));
  });

  it("_bulk: a bad document is a per-item 400 and a dead letter; a malformed action line fails the request naming the line", async () => {
    const m = mark();
    const body = `{"index":{}}\n{"message":"${m} ok"}\n{"create":{}}\n{"message": ${m} broken\n{"index":{}}\n"${m} not an object"\n`;
    const res = await post("/logs-fuzz/_bulk", body, { authorization: `ApiKey ${a.token}` });
    expect(res.statusCode).toBe(200);
    const answer = res.json() as { errors: boolean; items: Record<string, { status: number; error?: { type: string; reason: string } }>[] };
    expect(answer.errors).toBe(true);
    expect(answer.items.map((i) => Object.values(i)[0]?.status)).toEqual([201, 400, 400]);
    expect(Object.values(answer.items[1] ?? {})[0]?.error).toMatchObject({ type: "document_parsing_exception", reason: expect.stringMatching(/^\[4:\d+\] failed to parse/) });
    expect(await eventsOf(a.tenantId, m)).toHaveLength(1);
    expect(await deadOf(a.tenantId, m)).toHaveLength(2);
    expect(await deadOf(b.tenantId, m)).toEqual([]);

    const bad = await post("/_bulk", `{"index":{}}\n{"message":"x"}\n{"index" ${m}\n{"message":"y"}\n`, { authorization: `ApiKey ${a.token}` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.reason).toMatch(/^Malformed action\/metadata line \[3\]/);

    // A NUL byte in a refused document must not fail the batch that stores its dead letter.
    const nul = await post("/logs-fuzz/_bulk", `{"index":{}}\n${m}-nul \u0000 x\n{"index":{}}\n{"message":"${m}-nul ok"}\n`, { authorization: `ApiKey ${a.token}` });
    expect(nul.statusCode).toBe(200);
    expect((nul.json() as { items: Record<string, { status: number }>[] }).items.map((i) => Object.values(i)[0]?.status)).toEqual([400, 201]);
    expect(await deadOf(a.tenantId, `${m}-nul`)).toHaveLength(1);
  });

  it("seeded random garbage never gets a 5xx on any receiver, and every 400 says what was wrong", async () => {
    const next = rng(20261128);
    const routes: [string, Record<string, string>][] = [
      ["/services/collector/event", hecAuth(a.token)],
      ["/services/collector/raw", hecAuth(a.token)],
      ["/v1/events", { authorization: `Bearer ${a.token}` }],
      ["/_bulk", { authorization: `ApiKey ${a.token}` }],
    ];
    for (let n = 0; n < 40; n++) {
      for (const [url, headers] of routes) {
        const body = garbage(next, 1 + Math.floor(next() * 3000));
        const res = await post(url, body, headers);
        const detail = `${url} seed-run ${n}: ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect([200, 400], detail).toContain(res.statusCode);
        const json = res.json() as { text?: string; errors?: unknown; error?: { reason?: string } };
        if (res.statusCode === 400) expect(json.text ?? json.error?.reason, detail).toBeTruthy();
      }
    }
  });
});

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port }, () => resolve(socket));
    socket.on("error", reject);
  });
}

/** Writes one byte every `everyMs` until the peer closes; resolves with how long that took. */
function trickle(socket: Socket, bytes: string, everyMs: number, maxMs: number): Promise<number> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    let i = 0;
    const timer = setInterval(() => {
      if (Date.now() - t0 > maxMs) {
        clearInterval(timer);
        socket.destroy();
        resolve(Infinity);
        return;
      }
      if (!socket.destroyed && socket.writable) socket.write(bytes[i++ % bytes.length] as string);
    }, everyMs);
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearInterval(timer);
      resolve(Date.now() - t0);
    });
    socket.resume();
  });
}

describe("slow senders are cut without blocking others", { timeout: 60_000 }, () => {
  it("a slowloris HTTP body (1 byte per 250 ms) is cut at the request timeout while others are served", async () => {
    const port = (app.server.address() as AddressInfo).port;
    const slowBody = await openSocket(port);
    slowBody.write(`POST /services/collector/event HTTP/1.1\r\nhost: x\r\nauthorization: Splunk ${a.token}\r\ncontent-length: 100000\r\n\r\n`);
    const slowHeaders = await openSocket(port);
    const cutBody = trickle(slowBody, '{"event":"slow"}', 250, 20_000);
    const cutHeaders = trickle(slowHeaders, "GET /services/collector/health HTTP/1.1\r\nx-slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 250, 20_000);

    const m = mark();
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      const res = await fetch(`${base}/services/collector/event`, { method: "POST", headers: hecAuth(b.token), body: JSON.stringify({ event: `${m} ${i}` }) });
      expect(res.status).toBe(200);
      expect(Date.now() - t0).toBeLessThan(2000);
    }
    expect(await eventsOf(b.tenantId, m)).toHaveLength(5);
    const [body, headers] = await Promise.all([cutBody, cutHeaders]);
    // Cut at the deadline plus Node's 1 s check interval (and a loaded machine's slack).
    expect(body).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(body).toBeLessThan(REQUEST_TIMEOUT_MS + 4000);
    expect(headers).toBeLessThan(REQUEST_TIMEOUT_MS + 4000);
  });

  it("a syslog TCP sender trickling 1 byte per 500 ms is cut while another connection's messages are stored", async () => {
    const slow = await openSocket(syslog.port);
    const cut = trickle(slow, `<13>1 - h a - - [vigil@32473 token="${a.token}"] slow and never ending `, 500, 15_000);
    const m = mark();
    await sendTcp(syslog.port, [`<13>1 - h app - - [vigil@32473 token="${b.token}"] ${m} fast\n`]);
    const rows = await waitFor(() => eventsOf(b.tenantId, m), (r) => r.length === 1);
    expect(rows).toHaveLength(1);
    // Not idle (a byte every 500 ms < the 1.5 s idle timeout), yet it must not hold the connection for ever.
    expect(await cut).toBeLessThan(15_000);
  });

  it("a 10 MB syslog line is dead-lettered for its tenant (first bytes kept), and the connection goes on", async () => {
    const m = mark();
    const huge = `<13>1 - h app - - [vigil@32473 token="${a.token}"] ${m} ${"x".repeat(10 * 1024 * 1024)}\n<13>1 - h app - - [vigil@32473 token="${a.token}"] ${m} after\n`;
    await sendTcp(syslog.port, [huge]);
    const dead = await waitFor(() => deadOf(a.tenantId, m), (d) => d.length === 1, 30_000);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.reason).toMatch(/^message of \d+ bytes exceeds the 65536-byte limit/);
    expect(dead[0]?.raw.length).toBeLessThanOrEqual(64 * 1024);
    expect(await waitFor(() => eventsOf(a.tenantId, `${m} after`), (r) => r.length === 1)).toHaveLength(1);
    expect(await deadOf(b.tenantId, m)).toEqual([]);
  });
});
