// The ingest HTTP server: Splunk HEC, NDJSON and Elasticsearch `_bulk` receivers.
import Fastify from "fastify";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import type { ServiceDeps } from "@vigil/services";
import { registerTextBody } from "./body";
import { registerErrorHandler } from "./errors";
import type { EventSink } from "./ingest-body";
import { registerElasticRoutes } from "./routes/elastic";
import { registerHecRoutes } from "./routes/hec";

export interface IngestServerDeps {
  services: ServiceDeps;
  /** Receives committed events for detection (the pipeline). */
  sink: EventSink;
  maxBodyBytes: number;
  /** Items (events/lines) per request; default MAX_ITEMS_PER_BODY from @vigil/parsers. */
  maxItemsPerRequest?: number;
  logger?: FastifyServerOptions["logger"];
}

export function buildIngestServer(deps: IngestServerDeps): FastifyInstance {
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: deps.maxBodyBytes, return503OnClosing: true });
  registerTextBody(app, deps.maxBodyBytes);
  registerErrorHandler(app, deps.maxBodyBytes);
  registerHecRoutes(app, deps);
  registerElasticRoutes(app, deps);
  return app;
}
