// OTLP/HTTP JSON logs receiver against a real, migrated PostgreSQL (RLS on, role vigil_app).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { listEvents } from "@vigil/services/events";
import Fastify, { type FastifyInstance } from "fastify";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerTextBody } from "./body";
import { registerErrorHandler } from "./errors";
import { registerOtlpRoutes } from "./routes/otlp";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";

const sshd = readFileSync(new URL("../../../packages/parsers/src/otlp/fixtures/sshd.json", import.meta.url), "utf8");
let h: Harness;
let app: FastifyInstance;
let a: { tenantId: string; token: string };
let b: { tenantId: string; token: string };

const otlp = (body: string | Buffer, headers: Record<string, string> = {}) =>
  app.inject({ method: "POST", url: "/v1/logs", payload: body, headers: { "content-type": "application/json", authorization: `Bearer ${a.token}`, ...headers } });
const events = (tenantId: string) => listEvents({ db: h.db }, tenantId, { limit: 500 });
const deadLetters = (tenantId: string) => h.db.withTenant(tenantId, (tx) => tx.deadLetter.findMany({ where: { tenantId } }));
const record = (message: string, attributes: unknown[] = []) => ({ timeUnixNano: "1796371300000000000", body: { stringValue: message }, attributes });
const request = (records: unknown[]) => JSON.stringify({ resourceLogs: [{ resource: { attributes: [{ key: "host.name", value: { stringValue: "otel-1" } }] }, scopeLogs: [{ logRecords: records }] }] });

beforeAll(async () => {
  h = await startHarness(testDatabaseUrls(process.env), { maxBodyBytes: 64 * 1024, maxItemsPerRequest: 50 });
  // The receiver alone on the server's body parser and error handler, with the harness's real event log.
  app = Fastify();
  registerTextBody(app, 64 * 1024);
  registerErrorHandler(app, 64 * 1024);
  registerOtlpRoutes(app, { services: { db: h.db }, sink: h.pipeline, eventLog: h.eventLog, maxBodyBytes: 64 * 1024, maxItemsPerRequest: 50 });
  a = await h.createTenant();
  b = await h.createTenant();
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe("OTLP/HTTP logs receiver", () => {
  it("stores every record of a spec-shaped request and answers {}", async () => {
    const res = await otlp(sshd);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
    const stored = (await events(a.tenantId)).filter((e) => e.receiver === "otlp");
    expect(stored).toHaveLength(2);
    expect(stored.find((e) => e.userName === "alice")).toMatchObject({
      action: "ssh_login",
      outcome: "failure",
      host: "bastion-1",
      sourceIp: "203.0.113.7",
      ts: new Date("2026-12-04T08:00:00.123Z"),
      doc: { observer: { product: "sshd" }, log: { level: "warn" } },
    });
    // A replay stores nothing new.
    expect((await otlp(gzipSync(sshd), { "content-encoding": "gzip" })).json()).toEqual({});
    expect((await events(a.tenantId)).filter((e) => e.receiver === "otlp")).toHaveLength(2);
  });

  it("keeps the good records of a partly bad request and reports the rejected ones", async () => {
    const res = await otlp(request([record("good one"), { timeUnixNano: "yesterday" }, record("good two")]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      partialSuccess: {
        rejectedLogRecords: "1",
        errorMessage: "event 2: resourceLogs[0].scopeLogs[0].logRecords[1].timeUnixNano: expected nanoseconds since the Unix epoch (a decimal string)",
      },
    });
    const messages = (await events(a.tenantId)).map((e) => (e.doc as { message?: string }).message);
    expect(messages).toEqual(expect.arrayContaining(["good one", "good two"]));
    expect(await deadLetters(a.tenantId)).toEqual([expect.objectContaining({ receiver: "otlp", raw: '{"timeUnixNano":"yesterday"}' })]);
  });

  it("answers bad requests with a google.rpc.Status and stores nothing", async () => {
    const before = (await events(a.tenantId)).length;
    const notJson = await otlp("{nope");
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ code: 3, message: expect.stringMatching(/^not an ExportLogsServiceRequest: body is not JSON/) });
    expect((await otlp('{"resourceLogs":{}}')).json()).toEqual({ code: 3, message: "not an ExportLogsServiceRequest: resourceLogs must be an array", details: [] });
    const allBad = await otlp(request([{ severityNumber: 77 }]));
    expect(allBad.statusCode).toBe(400);
    expect(allBad.json().message).toMatch(/^every log record was rejected: event 1: .*severityNumber/);
    const proto = await otlp(Buffer.from([0x0a, 0x00]), { "content-type": "application/x-protobuf" });
    expect([proto.statusCode, proto.json().message]).toEqual([415, expect.stringMatching(/protobuf is not accepted here/)]);
    const tooMany = await otlp(request(Array.from({ length: 51 }, (_, i) => record(`r${i}`))));
    expect(tooMany.statusCode).toBe(413);
    expect((await otlp("{}")).statusCode).toBe(200);
    expect((await events(a.tenantId)).length).toBe(before);
  });

  it("requires the tenant's ingest token as a Bearer token", async () => {
    expect((await otlp(sshd, { authorization: "" })).statusCode).toBe(401);
    expect((await otlp(sshd, { authorization: `Splunk ${a.token}` })).json()).toMatchObject({ code: 16 });
    const forged = await otlp(sshd, { authorization: "Bearer vgl_not-a-real-token" });
    expect([forged.statusCode, forged.json().code]).toEqual([403, 7]);
  });

  it("puts a tenant's records in that tenant only", async () => {
    const res = await otlp(request([record("only for b", [{ key: "user.name", value: { stringValue: "bella" } }])]), { authorization: `Bearer ${b.token}` });
    expect(res.json()).toEqual({});
    expect((await events(b.tenantId)).map((e) => e.userName)).toEqual(["bella"]);
    expect((await events(a.tenantId)).some((e) => e.userName === "bella")).toBe(false);
  });
});
