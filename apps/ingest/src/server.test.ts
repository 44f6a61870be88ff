// Server behaviour that needs no database: health, auth errors, routing, and a database that
// cannot be reached (a real pool pointed at a closed port) answering 503 "Server is busy".
import { createDb } from "@vigil/db";
import { DetectionEngine, loadBuiltinRules } from "@vigil/detection";
import { afterAll, describe, expect, it } from "vitest";
import { DetectionPipeline } from "./pipeline";
import { IDLE_TIMEOUT_MS, REQUEST_TIMEOUT_MS, buildIngestServer } from "./server";

const db = createDb({ url: "postgresql://nobody:nothing@127.0.0.1:1/none", max: 1 });
const services = { db };
const log = { info: () => undefined, error: () => undefined };
const pipeline = new DetectionPipeline({ services, engine: new DetectionEngine(loadBuiltinRules()), log });
const app = buildIngestServer({ services, sink: pipeline, maxBodyBytes: 1024 });
afterAll(async () => {
  await app.close();
  await db.close();
});

describe("ingest server without a database", () => {
  it("answers the HEC health check on both paths", async () => {
    for (const url of ["/services/collector/health", "/services/collector/health/1.0"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.json()).toEqual({ text: "HEC is healthy", code: 17 });
    }
  });

  it("asks for a token before reading anything", async () => {
    const res = await app.inject({ method: "POST", url: "/v1/events", payload: "{}" });
    expect([res.statusCode, res.json()]).toEqual([401, { text: "Token is required", code: 2 }]);
    const basic = await app.inject({ method: "POST", url: "/services/collector", payload: "{}", headers: { authorization: "Basic eDp5" } });
    expect([basic.statusCode, basic.json()]).toEqual([401, { text: "Invalid authorization", code: 3 }]);
  });

  it("rejects tokens that cannot be ours without a lookup", async () => {
    const res = await app.inject({ method: "POST", url: "/services/collector/event", payload: "{}", headers: { authorization: "Splunk not-a-token" } });
    expect([res.statusCode, res.json()]).toEqual([403, { text: "Invalid token", code: 4 }]);
  });

  it("answers 503 Server is busy when the database is unreachable, and keeps serving", async () => {
    const token = `vgl_${"a".repeat(43)}`;
    const res = await app.inject({ method: "POST", url: "/services/collector/event", payload: '{"event":"x"}', headers: { authorization: `Splunk ${token}` } });
    expect([res.statusCode, res.json()]).toEqual([503, { text: "Server is busy", code: 9 }]);
    expect((await app.inject({ method: "GET", url: "/services/collector/health" })).statusCode).toBe(200);
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await app.inject({ method: "POST", url: "/services/collector/nothing?channel=x" });
    expect([res.statusCode, res.json()]).toEqual([404, { text: "No route POST /services/collector/nothing", code: 404 }]);
  });

  it("bounds how long a client may take to send a request, and idle connections", async () => {
    expect([app.server.requestTimeout, app.server.headersTimeout, app.server.timeout]).toEqual([REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS, IDLE_TIMEOUT_MS]);
    const tight = buildIngestServer({ services, sink: pipeline, maxBodyBytes: 1024, requestTimeoutMs: 5000, idleTimeoutMs: 2000 });
    expect([tight.server.requestTimeout, tight.server.headersTimeout, tight.server.timeout]).toEqual([5000, 5000, 2000]);
    await tight.close();
  });

  it("drains an idle pipeline immediately", async () => {
    await expect(pipeline.drain()).resolves.toBeUndefined();
  });
});
