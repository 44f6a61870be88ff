// The ingest HTTP server: Splunk HEC and NDJSON receivers. Route handlers are adapters:
// authenticate, hand the body to ingestBody, send its reply.
import Fastify from "fastify";
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from "fastify";
import type { ParserComponent } from "@vigil/parsers";
import { hecEventParser, ndjsonParser } from "@vigil/parsers";
import type { ServiceDeps } from "@vigil/services";
import { authenticate } from "./auth";
import { registerTextBody } from "./body";
import { registerErrorHandler } from "./errors";
import type { Reply } from "./hec-replies";
import { HEC } from "./hec-replies";
import type { EventSink } from "./ingest-body";
import { ingestBody } from "./ingest-body";

export interface IngestServerDeps {
  services: ServiceDeps;
  /** Receives committed events for detection (the pipeline). */
  sink: EventSink;
  maxBodyBytes: number;
  /** Items (events/lines) per request; default MAX_ITEMS_PER_BODY from @vigil/parsers. */
  maxItemsPerRequest?: number;
  logger?: FastifyServerOptions["logger"];
}

const tenants = new WeakMap<FastifyRequest, string>();

function send(reply: FastifyReply, r: Reply): FastifyReply {
  return reply.code(r.status).send(r.body);
}

export function buildIngestServer(deps: IngestServerDeps): FastifyInstance {
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: deps.maxBodyBytes, return503OnClosing: true });
  registerTextBody(app, deps.maxBodyBytes);
  registerErrorHandler(app, deps.maxBodyBytes);

  const requireToken = async (request: FastifyRequest, reply: FastifyReply) => {
    const auth = await authenticate(deps.services, request.headers.authorization);
    if (!auth.ok) return send(reply, auth.reply);
    tenants.set(request, auth.tenantId);
  };

  const receiver = (parser: ParserComponent) => async (request: FastifyRequest, reply: FastifyReply) => {
    const tenantId = tenants.get(request) as string;
    const body = typeof request.body === "string" ? request.body : "";
    const input = { tenantId, parser, body, ...(deps.maxItemsPerRequest ? { maxItems: deps.maxItemsPerRequest } : {}) };
    return send(reply, await ingestBody(deps.services, deps.sink, input));
  };

  for (const url of ["/services/collector/health", "/services/collector/health/1.0"]) {
    app.get(url, async (_request, reply) => send(reply, HEC.healthy()));
  }
  for (const url of ["/services/collector/event", "/services/collector/event/1.0", "/services/collector"]) {
    app.post(url, { onRequest: requireToken }, receiver(hecEventParser));
  }
  app.post("/v1/events", { onRequest: requireToken }, receiver(ndjsonParser));
  return app;
}
