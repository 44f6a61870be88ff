// The limits as Fastify hooks. `preParsing` runs after the routes' onRequest authentication has
// set the tenant and before the body is read, so a refused request costs no body buffering:
// 429 + Retry-After naming the tenant's quota, or "busy" for global overload (HEC: 503 code 9
// "Server is busy" as Splunk answers; Elasticsearch: 429, which Beats/Logstash/Vector retry).
// `preHandler` charges the tenant for what the body held; the reservation is released when the
// response is sent or the request aborted.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { esError } from "../elastic/replies";
import type { Reply } from "../hec-replies";
import { requestTenant } from "../routes/request-tenant";
import { estimateEvents, ingestKind } from "./estimate";
import type { IngestKind } from "./estimate";
import type { IngestLimits, Verdict } from "./limits";

type Refusal = Exclude<Verdict, { ok: true }>;

function tenantOf(request: FastifyRequest): string | undefined {
  try {
    return requestTenant(request);
  } catch {
    return undefined; // routes without authentication (health) never reach the limits
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function refusalReply(refusal: Refusal, elastic: boolean): Reply {
  if (refusal.kind === "busy") {
    const why = refusal.reason === "pressure" ? "the event store is behind" : "too much data is being processed";
    return elastic
      ? esError(429, "es_rejected_execution_exception", `rejected execution: Vigil ingest is overloaded (${why}); retry later`)
      : { status: 503, body: { text: "Server is busy", code: 9 } };
  }
  const { tenantId, limit, quota, retryAfterMs } = refusal.quota;
  const rate = limit === "events" ? `${quota.eventsPerSecond} events/s` : `${quota.bytesPerSecond} bytes/s`;
  const text = `Tenant ${tenantId} is over its ingest quota of ${rate}; retry after ${seconds(retryAfterMs)} s`;
  return elastic ? esError(429, "es_rejected_execution_exception", text) : { status: 429, body: { text, code: 9 } };
}

function retryAfterMs(refusal: Refusal): number {
  return refusal.kind === "busy" ? refusal.retryAfterMs : refusal.quota.retryAfterMs;
}

/** Bytes a body may occupy before it is read: its declared length, else (chunked, gzip) the limit. */
function reservedBytes(request: FastifyRequest, maxBodyBytes: number): number {
  const declared = Number(request.headers["content-length"]);
  const gzip = String(request.headers["content-encoding"] ?? "").toLowerCase() === "gzip";
  if (!Number.isFinite(declared) || declared < 0) return maxBodyBytes;
  return gzip ? Math.min(declared, maxBodyBytes) + maxBodyBytes : Math.min(declared, maxBodyBytes);
}

interface Admitted {
  tenantId: string;
  kind: IngestKind;
  release: () => void;
}

export function registerLimits(app: FastifyInstance, limits: IngestLimits, maxBodyBytes: number): void {
  const admitted = new WeakMap<FastifyRequest, Admitted>();
  const release = (request: FastifyRequest) => {
    admitted.get(request)?.release();
  };

  app.addHook("preParsing", async (request: FastifyRequest, reply: FastifyReply, payload) => {
    const kind = ingestKind(request.routeOptions.url);
    const tenantId = kind ? tenantOf(request) : undefined;
    if (!kind || tenantId === undefined) return payload;
    const verdict = limits.admit(tenantId, reservedBytes(request, maxBodyBytes));
    if (!verdict.ok) {
      const r = refusalReply(verdict, kind === "bulk");
      // The unread body is discarded by Node; close the connection so a flooding client cannot
      // keep streaming into a socket we no longer read.
      void reply.header("retry-after", String(seconds(retryAfterMs(verdict)))).header("connection", "close");
      await reply.code(r.status).send(r.body);
      return payload;
    }
    admitted.set(request, { tenantId, kind, release: verdict.release });
    reply.raw.once("close", verdict.release);
    return payload;
  });

  app.addHook("preHandler", async (request: FastifyRequest) => {
    const a = admitted.get(request);
    if (!a || typeof request.body !== "string") return;
    limits.charge(a.tenantId, { bytes: request.body.length, events: estimateEvents(a.kind, request.body) });
  });

  app.addHook("onResponse", async (request) => release(request));
  app.addHook("onRequestAbort", async (request) => release(request));
}
