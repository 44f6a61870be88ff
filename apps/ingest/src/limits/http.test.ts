// The Fastify hooks without a database: a stand-in authentication hook sets the tenant, as the
// real receivers' onRequest hooks do, so quota and overload answers can be checked on the wire.
import Fastify from "fastify";
import type { FastifyRequest } from "fastify";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { registerTextBody } from "../body";
import { setRequestTenant } from "../routes/request-tenant";
import { registerLimits } from "./http";
import { IngestLimits } from "./limits";

function server(limits: IngestLimits, onHandler?: () => Promise<void>) {
  const app = Fastify();
  registerTextBody(app, 1 << 20);
  registerLimits(app, limits, 1 << 20);
  const auth = async (request: FastifyRequest) => {
    setRequestTenant(request, String(request.headers["x-tenant"]));
  };
  const handler = async (request: FastifyRequest) => {
    await onHandler?.();
    return { text: "Success", code: 0, length: String(request.body).length };
  };
  app.post("/services/collector/event", { onRequest: auth }, handler);
  app.post("/_bulk", { onRequest: auth }, handler);
  app.post("/services/collector/ack", { onRequest: auth }, handler);
  app.get("/services/collector/health", async () => ({ text: "HEC is healthy", code: 17 }));
  return app;
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ event: `e${i}` })).join("\n");

describe("limits over HTTP", () => {
  it("answers 429 with Retry-After naming the tenant quota, HEC and Elasticsearch shaped", async () => {
    const app = server(new IngestLimits({ quota: { eventsPerSecond: 100, burstSeconds: 1 } }));
    const post = (url: string, tenant: string, payload: string) => app.inject({ method: "POST", url, payload, headers: { "x-tenant": tenant } });
    expect((await post("/services/collector/event", "A", lines(300))).statusCode).toBe(200);
    const hec = await post("/services/collector/event", "A", lines(1));
    expect(hec.statusCode).toBe(429);
    expect(hec.headers["retry-after"]).toBe("2");
    expect(hec.json()).toEqual({ text: "Tenant A is over its ingest quota of 100 events/s; retry after 2 s", code: 9 });
    const es = await post("/_bulk", "A", '{"index":{}}\n{"a":1}\n');
    expect(es.statusCode).toBe(429);
    expect(es.json().error.type).toBe("es_rejected_execution_exception");
    expect(es.json().error.reason).toMatch(/Tenant A is over its ingest quota of 100 events\/s/);
    // Another tenant, and routes that carry no events, are not throttled by A's flood.
    expect((await post("/services/collector/event", "B", lines(10))).statusCode).toBe(200);
    expect((await post("/services/collector/ack", "A", '{"acks":[0]}')).statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/services/collector/health" })).statusCode).toBe(200);
    await app.close();
  });

  it("answers busy for global overload and releases the reservation after each response", async () => {
    let behind = false;
    const limits = new IngestLimits({ maxInFlightBytes: 1000, pressure: () => behind });
    let unblock = () => {};
    const gate = new Promise<void>((r) => (unblock = r));
    let first = true;
    const app = server(limits, async () => {
      if (first) {
        first = false;
        await gate;
      }
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const post = (path: string, body: string) => fetch(url + path, { method: "POST", body, headers: { "x-tenant": "A" } });
    const slow = post("/services/collector/event", "x".repeat(900));
    while (limits.stats().inFlightBytes === 0) await new Promise((r) => setTimeout(r, 5));
    const hec = await post("/services/collector/event", "y".repeat(200));
    expect([hec.status, hec.headers.get("retry-after"), await hec.json()]).toEqual([503, "1", { text: "Server is busy", code: 9 }]);
    const es = await post("/_bulk", "y".repeat(200));
    expect(es.status).toBe(429);
    expect(((await es.json()) as { error: { reason: string } }).error.reason).toMatch(/overloaded \(too much data is being processed\)/);
    unblock();
    expect((await slow).status).toBe(200);
    while (limits.stats().inFlightBytes !== 0) await new Promise((r) => setTimeout(r, 5));
    expect((await post("/services/collector/event", "y".repeat(200))).status).toBe(200);
    behind = true;
    const pressured = await post("/_bulk", "{}");
    expect(pressured.status).toBe(429);
    expect(((await pressured.json()) as { error: { reason: string } }).error.reason).toMatch(/event store is behind/);
    expect(limits.stats()).toMatchObject({ inFlightBytes: 0, inFlightRequests: 0 });
    await app.close();
  });

  it("releases the reservation when the client aborts mid-body", async () => {
    const limits = new IngestLimits();
    const app = server(limits);
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    const socket = connect({ port, host: "127.0.0.1" });
    await new Promise((r) => socket.once("connect", r));
    socket.write("POST /services/collector/event HTTP/1.1\r\nhost: x\r\nx-tenant: A\r\ncontent-length: 100000\r\n\r\n{\"event\":");
    while (limits.stats().inFlightRequests === 0) await new Promise((r) => setTimeout(r, 5));
    socket.destroy();
    while (limits.stats().inFlightRequests !== 0) await new Promise((r) => setTimeout(r, 5));
    expect(limits.stats().inFlightBytes).toBe(0);
    await app.close();
  });
});
