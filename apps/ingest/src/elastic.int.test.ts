// Elasticsearch-compatible receiver against a real, migrated PostgreSQL: the discovery calls a
// Filebeat/Logstash output makes, then a `_bulk` body exactly as Filebeat 8.11 sends it.
import { listEvents } from "@vigil/services/events";
import { createIngestToken } from "@vigil/services/tokens";
import { gzipSync } from "node:zlib";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";

let h: Harness;
let a: { tenantId: string; token: string };
let b: { tenantId: string; token: string };

const apiKey = (token: string) => `ApiKey ${Buffer.from(`filebeat-id:${token}`).toString("base64")}`;
const basic = (token: string) => `Basic ${Buffer.from(`elastic:${token}`).toString("base64")}`;
const es = (method: "GET" | "HEAD" | "PUT" | "POST", url: string, auth: string | undefined, payload?: string | Buffer, headers: Record<string, string> = {}) =>
  h.app.inject({ method, url, ...(payload !== undefined ? { payload } : {}), headers: { ...(auth ? { authorization: auth } : {}), ...headers } });
const ndjson = (...objects: unknown[]) => `${objects.map((o) => (typeof o === "string" ? o : JSON.stringify(o))).join("\n")}\n`;
const messages = async (tenantId: string) => (await listEvents({ db: h.db }, tenantId, { limit: 500 })).map((e) => (e.doc as { message?: string }).message);

const filebeatDoc = (message: string, n: number) => ({
  "@timestamp": `2026-11-27T10:00:0${n}.000Z`,
  message,
  host: { name: "web-01" },
  log: { file: { path: "/var/log/auth.log" }, offset: n * 100 },
  input: { type: "filestream" },
  agent: { type: "filebeat", version: "8.11.0" },
  ecs: { version: "8.0.0" },
});

beforeAll(async () => {
  h = await startHarness(testDatabaseUrls(process.env), { maxBodyBytes: 64 * 1024, maxItemsPerRequest: 50 });
  a = await h.createTenant();
  b = await h.createTenant();
});
afterAll(async () => h?.close());

describe("Elasticsearch discovery calls", () => {
  it("answers GET / and HEAD / like an 8.11 cluster, with the product header", async () => {
    const res = await es("GET", "/", apiKey(a.token));
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-elastic-product"]).toBe("Elasticsearch");
    expect(res.json()).toMatchObject({ version: { number: "8.11.0", build_flavor: "default" }, tagline: "You Know, for Search" });
    expect((await es("HEAD", "/", basic(a.token))).statusCode).toBe(200);
  });

  it("answers license, xpack and cluster health probes", async () => {
    expect((await es("GET", "/_license", apiKey(a.token))).json()).toMatchObject({ license: { status: "active", type: "basic" } });
    expect((await es("GET", "/_xpack", apiKey(a.token))).json()).toMatchObject({ features: { ilm: { available: true, enabled: true } } });
    expect((await es("GET", "/_cluster/health", apiKey(a.token))).json()).toMatchObject({ status: "green" });
  });

  it("lets a client probe, install and then find its index template and ILM policy", async () => {
    const missing = await es("GET", "/_index_template/filebeat-8.11.0", apiKey(a.token));
    expect([missing.statusCode, missing.json().error.type]).toEqual([404, "resource_not_found_exception"]);
    expect((await es("HEAD", "/_ilm/policy/filebeat", apiKey(a.token))).statusCode).toBe(404);
    const put = await es("PUT", "/_index_template/filebeat-8.11.0", apiKey(a.token), '{"index_patterns":["filebeat-8.11.0"],"data_stream":{}}', { "content-type": "application/json" });
    expect(put.json()).toEqual({ acknowledged: true });
    expect((await es("PUT", "/_ilm/policy/filebeat", apiKey(a.token), '{"policy":{"phases":{}}}')).json()).toEqual({ acknowledged: true });
    expect((await es("GET", "/_index_template/filebeat-8.11.0", apiKey(a.token))).json()).toMatchObject({ index_templates: [{ name: "filebeat-8.11.0" }] });
    expect((await es("HEAD", "/_ilm/policy/filebeat", apiKey(a.token))).statusCode).toBe(200);
    expect((await es("HEAD", "/_ilm/policy/filebeat", apiKey(b.token))).statusCode).toBe(404);
  });

  it("refuses missing and wrong credentials with a security_exception", async () => {
    const none = await es("GET", "/", undefined);
    expect([none.statusCode, none.json().error.type]).toEqual([401, "security_exception"]);
    expect(none.headers["www-authenticate"]).toMatch(/ApiKey/);
    const wrong = await es("POST", "/_bulk", apiKey("vgl_wrongwrongwrongwrongwrongwrongwrongwrongwro"), ndjson({ create: {} }, { message: "x" }));
    expect([wrong.statusCode, wrong.json().error.type]).toEqual([401, "security_exception"]);
    expect((await es("GET", "/", "Basic !!!")).statusCode).toBe(401);
  });

  it("answers unknown ES APIs with an ES-shaped error", async () => {
    const res = await es("GET", "/_nodes/stats", apiKey(a.token));
    expect([res.statusCode, res.json().error.type]).toEqual([400, "illegal_argument_exception"]);
  });
});

describe("Elasticsearch _bulk", () => {
  it("stores a Filebeat bulk body, answering the bad item with 400 and the rest with 201", async () => {
    const body = ndjson(
      { create: { _index: "filebeat-8.11.0" } }, filebeatDoc("Nov 27 10:00:01 web-01 sshd[411]: Failed password for root from 203.0.113.9 port 4242 ssh2", 1),
      { create: { _index: "filebeat-8.11.0" } }, '{"@timestamp":"2026-11-27T10:00:02.000Z","message":"broken',
      { create: { _index: "filebeat-8.11.0" } }, filebeatDoc("fb-third", 3),
    );
    const res = await es("POST", "/_bulk?filter_path=errors,items.*.error,items.*.status", apiKey(a.token), gzipSync(body), {
      "content-type": "application/json", "content-encoding": "gzip",
    });
    expect(res.statusCode).toBe(200);
    const json = res.json();
    expect(json.errors).toBe(true);
    expect(json.items.map((i: { create: { status: number } }) => i.create.status)).toEqual([201, 400, 201]);
    expect(json.items[0].create).toMatchObject({ _index: "filebeat-8.11.0", result: "created", _id: expect.any(String) });
    expect(json.items[1].create.error).toMatchObject({ type: "document_parsing_exception", reason: expect.stringMatching(/^\[4:\d+\] failed to parse/) });
    const stored = await listEvents({ db: h.db }, a.tenantId, { limit: 500 });
    const third = stored.find((e) => (e.doc as { message?: string }).message === "fb-third");
    expect(third).toMatchObject({ receiver: "bulk", host: "web-01", ts: new Date("2026-11-27T10:00:03.000Z") });
    // Filebeat ships the auth.log line as `message`: it is parsed as the syslog receiver parses it.
    const failed = stored.find((e) => e.raw.includes("Failed password for root"));
    expect(failed).toMatchObject({ action: "ssh_login", outcome: "failure", userName: "root", sourceIp: "203.0.113.9", ts: new Date("2026-11-27T10:00:01.000Z") });
    expect(failed?.doc).toMatchObject({ event: { module: "linux-auth" }, process: { name: "sshd", pid: 411 }, original: { log: { file: { path: "/var/log/auth.log" } }, appname: "sshd" } });
    expect(await h.db.withTenant(b.tenantId, (tx) => tx.event.count({ where: { action: "ssh_login" } }))).toBe(0);
    const letters = await h.db.withTenant(a.tenantId, (tx) => tx.deadLetter.findMany({ where: { receiver: "bulk" } }));
    expect(letters).toMatchObject([{ reason: expect.stringMatching(/^line 4: /), raw: expect.stringContaining("broken") }]);
  });

  it("uses /<index>/_bulk as the default index, answers index with 201, update/delete per item with 400", async () => {
    const body = ndjson(
      { index: {} }, { message: "idx-1", "@timestamp": "2026-11-27T11:00:00Z" },
      { delete: { _id: "x" } },
      { update: { _id: "y" } }, { doc: { message: "u" } },
      { index: { _index: "other" } }, { message: "idx-2", "@timestamp": "2026-11-27T11:00:01Z" },
    );
    const json = (await es("POST", "/logs-app/_bulk", basic(a.token), body, { "content-type": "application/x-ndjson" })).json();
    expect(json.errors).toBe(true);
    expect(json.items).toMatchObject([
      { index: { _index: "logs-app", status: 201 } },
      { delete: { status: 400, error: { type: "illegal_argument_exception" } } },
      { update: { status: 400, error: { type: "illegal_argument_exception" } } },
      { index: { _index: "other", status: 201 } },
    ]);
    expect(await messages(a.tenantId)).toEqual(expect.arrayContaining(["idx-1", "idx-2"]));
  });

  it("tags the documents with the token's source type (Elasticsearch documents have none of their own)", async () => {
    const c = await h.createTenant();
    const token = (await createIngestToken({ db: h.db }, { tenantId: c.tenantId, role: "OWNER" }, { name: "Filebeat web", sourcetype: "nginx:access" })).plaintext;
    const body = ndjson({ index: {} }, { message: "st-1", "@timestamp": "2026-11-27T11:00:00Z" }, { index: {} }, { message: "st-2", "@timestamp": "2026-11-27T11:00:01Z" });
    expect((await es("POST", "/logs-web/_bulk", apiKey(token), body, { "content-type": "application/x-ndjson" })).json().errors).toBe(false);
    const rows = await listEvents({ db: h.db }, c.tenantId, { limit: 10 });
    expect(rows.map((r) => [(r.doc as { message?: string }).message, r.sourcetype]).sort()).toEqual([["st-1", "nginx:access"], ["st-2", "nginx:access"]]);
    // Another tenant's token tags nothing of C's, and C's tags nothing of A's.
    expect((await listEvents({ db: h.db }, a.tenantId, { limit: 500 })).some((r) => r.sourcetype === "nginx:access")).toBe(false);
  });

  it("treats a repeated create of the same _id as a 409 conflict, and a plain retry as harmless", async () => {
    const body = ndjson({ create: { _index: "fp", _id: "fingerprint-1" } }, { message: "once", "@timestamp": "2026-11-27T12:00:00Z" }, { create: { _index: "fp" } }, { message: "auto", "@timestamp": "2026-11-27T12:00:01Z" });
    expect((await es("POST", "/_bulk", apiKey(a.token), body)).json()).toMatchObject({ errors: false });
    const again = (await es("POST", "/_bulk", apiKey(a.token), body)).json();
    expect(again.items).toMatchObject([{ create: { status: 409, error: { type: "version_conflict_engine_exception" } } }, { create: { status: 201 } }]);
    expect((await messages(a.tenantId)).filter((m) => m === "once" || m === "auto")).toHaveLength(2);
  });

  it("fails the whole request on a malformed action line, naming the line, and stores nothing", async () => {
    const res = await es("POST", "/_bulk", apiKey(a.token), ndjson({ create: {} }, { message: "never" }, "{not json", { message: "x" }));
    expect([res.statusCode, res.json().error.type]).toEqual([400, "illegal_argument_exception"]);
    expect(res.json().error.reason).toMatch(/line \[3\]/);
    expect(await messages(a.tenantId)).not.toContain("never");
    const unknown = await es("POST", "/_bulk", apiKey(a.token), ndjson({ upsert: {} }, { message: "x" }));
    expect(unknown.json().error.reason).toMatch(/expected one of \[create, delete, index, update\]/);
  });

  it("refuses too many items, empty bodies and oversized bodies in ES shape", async () => {
    const many = ndjson(...Array.from({ length: 51 }, (_, i) => [{ create: { _index: "x" } }, { message: `m${i}` }]).flat());
    const res = await es("POST", "/_bulk", apiKey(a.token), many);
    expect([res.statusCode, res.json().error.type]).toEqual([413, "content_too_long_exception"]);
    expect((await es("POST", "/_bulk", apiKey(a.token), "\n")).statusCode).toBe(400);
    const big = await es("POST", "/_bulk", apiKey(a.token), ndjson({ create: { _index: "x" } }, { message: "y".repeat(70 * 1024) }));
    expect([big.statusCode, big.json().error.type]).toEqual([413, "content_too_long_exception"]);
  });

  it("keeps invalid UTF-8 and garbage documents apart, and tenants apart", async () => {
    const bad = Buffer.concat([Buffer.from('{"create":{"_index":"x"}}\n{"message":"utf '), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n{"create":{"_index":"x"}}\n\u0001\u0002garbage\n')]);
    const json = (await es("POST", "/_bulk", apiKey(b.token), bad)).json();
    expect(json.items.map((i: { create: { status: number } }) => i.create.status)).toEqual([201, 400]);
    expect(await messages(b.tenantId)).toEqual(["utf \uFFFD("]);
    expect(await messages(a.tenantId)).not.toContain("utf \uFFFD(");
  });
});
