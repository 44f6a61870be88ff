// HEC and NDJSON receivers against a real, migrated PostgreSQL (RLS on, role vigil_app).
import { listEvents } from "@vigil/services/events";
import { gzipSync } from "node:zlib";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";

let h: Harness;
let a: { tenantId: string; token: string };
let b: { tenantId: string; token: string };

const post = (url: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  h.app.inject({ method: "POST", url, payload: body, headers });
const hec = (body: string | Buffer, token = a.token, headers: Record<string, string> = {}) =>
  post("/services/collector/event", body, { authorization: `Splunk ${token}`, ...headers });
const events = (tenantId: string) => listEvents({ db: h.db }, tenantId, { limit: 500 });
const deadLetters = (tenantId: string) =>
  h.db.withTenant(tenantId, (tx) => tx.deadLetter.findMany({ where: { tenantId }, orderBy: { receivedAt: "asc" } }));

beforeAll(async () => {
  h = await startHarness(testDatabaseUrls(process.env), { maxBodyBytes: 16 * 1024, maxItemsPerRequest: 500 });
  a = await h.createTenant();
  b = await h.createTenant();
});
afterAll(async () => h?.close());

describe("Splunk HEC receiver", () => {
  it("answers the health check", async () => {
    const res = await h.app.inject({ method: "GET", url: "/services/collector/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ text: "HEC is healthy", code: 17 });
  });

  it("stores the stock Splunk request (curl -d, form content type) after COMMIT", async () => {
    const body = '{"event": "hello world", "sourcetype": "manual"}';
    const res = await hec(body, a.token, { "content-type": "application/x-www-form-urlencoded" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ text: "Success", code: 0, accepted: 1 });
    const stored = await events(a.tenantId);
    expect(stored.find((e) => e.raw === body)).toMatchObject({ receiver: "hec", sourcetype: "manual", doc: { message: "hello world" } });
  });

  it("accepts /services/collector, Bearer tokens, concatenated objects and gzip; replays are not stored twice", async () => {
    const body = '{"event":"c1","time":1764237600}{"event":{"user":"zoe","action":"login"},"time":1764237601}\n{"event":"c3","time":1764237602}';
    const res = await post("/services/collector", gzipSync(body), { authorization: `Bearer ${a.token}`, "content-encoding": "gzip" });
    expect(res.json()).toMatchObject({ code: 0, accepted: 3, duplicates: 0 });
    const again = await hec(body);
    expect(again.json()).toMatchObject({ code: 0, accepted: 3, duplicates: 3 });
    const stored = (await events(a.tenantId)).filter((e) => ["c1", "c3"].includes(String((e.doc as { message?: string }).message)) || e.userName === "zoe");
    expect(stored).toHaveLength(3);
    expect(stored.find((e) => e.userName === "zoe")).toMatchObject({ action: "login", ts: new Date("2025-11-27T10:00:01.000Z") });
  });

  it("keeps identical events of one request apart (six identical failures are six), yet a replay adds none", async () => {
    const one = '{"event":{"action":"logon","outcome":"failure","user":"rep-user"},"time":1764237700}';
    const body = one.repeat(6);
    expect((await hec(body)).json()).toMatchObject({ code: 0, accepted: 6, duplicates: 0 });
    expect((await hec(body)).json()).toMatchObject({ code: 0, accepted: 6, duplicates: 6 });
    expect((await events(a.tenantId)).filter((e) => e.userName === "rep-user")).toHaveLength(6);
  });

  it("stores the valid items of a malformed body, dead-letters the rest and names each bad item", async () => {
    const body = '{"event":"good-1"}{"event": nope}{"host":"x"}{"event":"good-2"}{"event":"trunc';
    const res = await hec(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      text: "Invalid data format", code: 6, "invalid-event-number": 1, accepted: 2, rejected: 3,
      errors: [expect.stringMatching(/^event 2: Unexpected token 'o', .* is not valid JSON$/), 'event 3: missing "event" field', expect.stringMatching(/^event 5: truncated JSON/)],
    });
    const messages = (await events(a.tenantId)).map((e) => (e.doc as { message?: string }).message);
    expect(messages).toEqual(expect.arrayContaining(["good-1", "good-2"]));
    const letters = await deadLetters(a.tenantId);
    expect(letters.map((l) => [l.receiver, l.reason, l.raw])).toEqual(expect.arrayContaining([
      ["hec", 'event 3: missing "event" field', '{"host":"x"}'],
      ["hec", expect.stringMatching(/^event 5: truncated/), '{"event":"trunc'],
    ]));
  });

  it("answers 400 code 5 for an empty body", async () => {
    const res = await hec("");
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ text: "No data", code: 5 });
  });

  it("rejects missing, malformed and wrong tokens", async () => {
    const missing = await post("/services/collector/event", '{"event":"x"}');
    expect([missing.statusCode, missing.json()]).toEqual([401, { text: "Token is required", code: 2 }]);
    const basic = await post("/services/collector/event", '{"event":"x"}', { authorization: "Basic abc" });
    expect([basic.statusCode, basic.json()]).toEqual([401, { text: "Invalid authorization", code: 3 }]);
    const wrong = await hec('{"event":"x"}', "vgl_wrongwrongwrongwrongwrongwrongwrongwrongwro");
    expect([wrong.statusCode, wrong.json()]).toEqual([403, { text: "Invalid token", code: 4 }]);
  });

  it("stores another tenant's events under that tenant only", async () => {
    const res = await hec('{"event":"only-for-b"}', b.token);
    expect(res.statusCode).toBe(200);
    const ofB = await events(b.tenantId);
    expect(ofB.map((e) => (e.doc as { message?: string }).message)).toEqual(["only-for-b"]);
    const ofA = await events(a.tenantId);
    expect(ofA.some((e) => e.raw.includes("only-for-b"))).toBe(false);
    // RLS: asking for B's id inside A's transaction returns nothing.
    const leaked = await h.db.withTenant(a.tenantId, (tx) => tx.event.findMany({ where: { tenantId: b.tenantId } }));
    expect(leaked).toEqual([]);
  });

  it("answers 413 for an oversized body and keeps serving", async () => {
    const big = `{"event":"${"x".repeat(20 * 1024)}"}`;
    const res = await hec(big);
    expect(res.statusCode).toBe(413);
    expect(res.json().text).toMatch(/larger than the 16384-byte limit \(VIGIL_INGEST_MAX_BODY_BYTES\)/);
    const bomb = await hec(gzipSync(big), a.token, { "content-encoding": "gzip" });
    expect(bomb.statusCode).toBe(413);
    const after = await hec('{"event":"still alive"}');
    expect(after.statusCode).toBe(200);
  });

  it("answers 413 for too many events in one request, storing none of them", async () => {
    const res = await hec('{"event":"many"}'.repeat(501));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ text: "Request holds 501 events; at most 500 per request: send smaller batches", maxItems: 500 });
    expect((await events(a.tenantId)).some((e) => e.raw === '{"event":"many"}')).toBe(false);
  });

  it("survives hostile bodies", async () => {
    const deep = `{"event":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const res = await hec(`${deep}{"event":"nul \\u0000 and \\ud800 lone"}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(["event 1: JSON nested deeper than 100 levels"]);
    const badUtf8 = Buffer.concat([Buffer.from('{"event":"bad '), Buffer.from([0xff, 0xfe]), Buffer.from(' bytes"}')]);
    expect((await hec(badUtf8)).statusCode).toBe(200);
    const stored = (await events(a.tenantId)).map((e) => (e.doc as { message?: string }).message);
    expect(stored).toEqual(expect.arrayContaining(["nul \uFFFD and \uFFFD lone", "bad \uFFFD\uFFFD bytes"]));
  });
});

describe("NDJSON receiver", () => {
  it("stores one event per line and reports bad lines by number", async () => {
    const body = '{"user":"nd-1","action":"login","outcome":"success"}\n\n{"user":"nd-2"\n[1]\n{"user":"nd-3","src_ip":"198.51.100.4"}\n';
    const res = await post("/v1/events", body, { authorization: `Bearer ${a.token}`, "content-type": "application/x-ndjson" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      accepted: 2, rejected: 2,
      errors: [expect.stringMatching(/^line 3: /), "line 4: expected a JSON object, got an array"],
    });
    const stored = await listEvents({ db: h.db }, a.tenantId, { sourceIp: "198.51.100.4" });
    expect(stored).toMatchObject([{ userName: "nd-3", receiver: "ndjson" }]);
    const ok = await post("/v1/events", '{"user":"nd-4"}\n', { authorization: `Bearer ${a.token}` });
    expect(ok.json()).toMatchObject({ code: 0, accepted: 1 });
  });
});
