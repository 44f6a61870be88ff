// The ingest HTTP server: Splunk HEC, NDJSON, Elasticsearch `_bulk`, OTLP/HTTP logs and tRPC `ingest.push`.
import Fastify from "fastify";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { registerTextBody } from "./body";
import { registerErrorHandler } from "./errors";
import { IngestLimits, registerLimits } from "./limits";
import type { HttpReceiverDeps } from "./routes/deps";
import { registerElasticRoutes } from "./routes/elastic";
import { registerHecRoutes } from "./routes/hec";
import { registerOtlpRoutes } from "./routes/otlp";
import { registerTrpcIngest } from "./routes/trpc";

/** What the receivers need (services, sink, event log, body limits) plus the server's own options. */
export interface IngestServerDeps extends HttpReceiverDeps {
  /**
   * Per-tenant quotas and global backpressure; default quotas when absent. Share one instance
   * with the syslog receivers so a tenant's quota covers every transport.
   */
  limits?: IngestLimits;
  /**
   * Time a client may take to send one whole request (headers and body), default 60 s: a
   * slowloris sender trickling bytes is cut, never holding a connection for ever.
   */
  requestTimeoutMs?: number;
  /** A connection with no traffic at all is closed after this, default 30 s. */
  idleTimeoutMs?: number;
  logger?: FastifyServerOptions["logger"];
}

export const REQUEST_TIMEOUT_MS = 60_000;
export const IDLE_TIMEOUT_MS = 30_000;

export function buildIngestServer(deps: IngestServerDeps): FastifyInstance {
  const requestTimeout = deps.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.maxBodyBytes,
    return503OnClosing: true,
    requestTimeout,
    connectionTimeout: deps.idleTimeoutMs ?? IDLE_TIMEOUT_MS,
    // Node checks request deadlines on this interval (default 30 s, far coarser than the deadline);
    // headers must come within the request deadline too.
    http: { headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1000, requestTimeout) },
  });
  registerTextBody(app, deps.maxBodyBytes);
  registerErrorHandler(app, deps.maxBodyBytes);
  // Before the routes: root hooks also cover the encapsulated Elasticsearch context.
  const limits = deps.limits ?? new IngestLimits();
  registerLimits(app, limits, deps.maxBodyBytes);
  registerHecRoutes(app, deps);
  registerElasticRoutes(app, deps);
  registerOtlpRoutes(app, deps);
  registerTrpcIngest(app, { ...deps, limits });
  return app;
}
