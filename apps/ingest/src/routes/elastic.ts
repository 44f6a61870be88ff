// Elasticsearch-compatible receiver: `_bulk` plus the discovery calls Filebeat, Logstash, Fluent
// Bit and Vector make before sending (cluster info, license, xpack, health, template/ILM/pipeline
// probes). Its own encapsulated context: ES-shaped errors and the x-elastic-product header.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { MAX_ITEMS_PER_BODY } from "@vigil/parsers";
import { parseBulk } from "../elastic/bulk-parse";
import { storeBulk } from "../elastic/bulk-store";
import { esToken } from "../elastic/credentials";
import { ES, clusterHealth, clusterInfo, esError, license, xpack } from "../elastic/replies";
import { isConnectionError } from "../errors";
import { BatchItemTooLargeError, isLogUnavailable } from "../log/types";
import type { Reply } from "../hec-replies";
import type { HttpReceiverDeps } from "./deps";
import { eventLogOf, tokensOf } from "./deps";
import { requestSourcetype, requestTenant, setRequestTenant } from "./request-tenant";

const send = (reply: FastifyReply, r: Reply) => reply.code(r.status).send(r.body);
const MAX_SAVED_SETTINGS = 10_000;
const WWW_AUTHENTICATE = 'Basic realm="security" charset="UTF-8", ApiKey';

/** Settings objects clients PUT and then probe for; kept per tenant in memory, as ES would answer. */
const SETTINGS = {
  "_index_template": (name: string, body: unknown) => ({ index_templates: [{ name, index_template: body }] }),
  "_component_template": (name: string, body: unknown) => ({ component_templates: [{ name, component_template: body }] }),
  "_template": (name: string, body: unknown) => ({ [name]: body }),
  "_ilm/policy": (name: string, body: unknown) => ({ [name]: { version: 1, modified_date: new Date(0).toISOString(), ...(body as object) } }),
  "_ingest/pipeline": (name: string, body: unknown) => ({ [name]: body }),
  "_data_stream": (name: string) => ({ data_streams: [{ name, timestamp_field: { name: "@timestamp" }, indices: [], generation: 1, status: "GREEN", template: name }] }),
} as const;

function registerSettings(es: FastifyInstance): void {
  const saved = new Map<string, unknown>();
  for (const [kind, render] of Object.entries(SETTINGS)) {
    const key = (request: FastifyRequest) => `${requestTenant(request)} ${kind} ${(request.params as { name: string }).name}`;
    es.get(`/${kind}/:name`, async (request, reply) => {
      const name = (request.params as { name: string }).name;
      if (!saved.has(key(request))) return send(reply, ES.notFound("resource_not_found_exception", `${kind.replace(/^_/, "")} [${name}] not found`));
      return reply.send(render(name, saved.get(key(request))));
    });
    es.put(`/${kind}/:name`, async (request, reply) => {
      // Bounded: the oldest setting goes first (clients re-PUT what they miss on their next start).
      if (saved.size >= MAX_SAVED_SETTINGS) saved.delete(saved.keys().next().value as string);
      saved.set(key(request), typeof request.body === "string" && request.body.trim() !== "" ? safeJson(request.body) : {});
      return send(reply, ES.acknowledged());
    });
    es.delete(`/${kind}/:name`, async (request, reply) => {
      saved.delete(key(request));
      return send(reply, ES.acknowledged());
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function errorReply(error: FastifyError, maxBodyBytes: number): Reply | undefined {
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE" || error.statusCode === 413) return ES.tooLarge(maxBodyBytes);
  if (isConnectionError(error) || isLogUnavailable(error)) return ES.busy();
  if (error instanceof BatchItemTooLargeError) return esError(413, "content_too_long_exception", error.message);
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return esError(error.statusCode, "parse_exception", error.message);
  return undefined;
}

export function registerElasticRoutes(app: FastifyInstance, deps: HttpReceiverDeps): void {
  void app.register(async (es) => {
    es.addHook("onSend", async (_request, reply, payload) => {
      void reply.header("x-elastic-product", "Elasticsearch");
      return payload;
    });
    es.setErrorHandler((error: FastifyError, request, reply) => {
      const known = errorReply(error, deps.maxBodyBytes);
      if (!known) request.log.error({ err: error }, "elasticsearch receiver failed");
      if (known?.status === 503) void reply.header("retry-after", String(isLogUnavailable(error) ? error.retryAfterSeconds : 5));
      return send(reply, known ?? ES.internal());
    });
    es.addHook("onRequest", async (request, reply) => {
      const token = esToken(request.headers.authorization);
      if (token === undefined) return send(reply.header("www-authenticate", WWW_AUTHENTICATE), ES.missingCredentials(request.url.split("?")[0] ?? "/"));
      const resolved = token === "" ? null : await tokensOf(deps).resolve(token);
      if (!resolved) return send(reply.header("www-authenticate", WWW_AUTHENTICATE), ES.badCredentials());
      setRequestTenant(request, resolved.tenantId, resolved.sourcetype);
    });

    es.get("/", async () => clusterInfo());
    es.get("/_license", async () => license());
    es.get("/_xpack", async () => xpack());
    es.get("/_cluster/health", async () => clusterHealth());
    es.get("/_cluster/health/:index", async () => clusterHealth());
    registerSettings(es);

    const bulk = async (request: FastifyRequest, reply: FastifyReply) => {
      const maxItems = deps.maxItemsPerRequest ?? MAX_ITEMS_PER_BODY;
      const body = typeof request.body === "string" ? request.body : "";
      const ctx = { tenantId: requestTenant(request), receivedAt: new Date(), defaultIndex: (request.params as { index?: string }).index, maxItems, sourcetype: requestSourcetype(request) };
      const parsed = parseBulk(body, ctx);
      if (!parsed.ok) return send(reply, parsed.tooMany !== undefined ? ES.tooManyItems(parsed.tooMany, maxItems) : esError(400, "illegal_argument_exception", parsed.reason));
      if (parsed.items.length === 0) return send(reply, esError(400, "action_request_validation_exception", "Validation Failed: 1: no requests added;"));
      const answer = await storeBulk(eventLogOf(deps), ctx.tenantId, parsed.items);
      if (answer.retryAfterSeconds !== undefined) void reply.header("retry-after", String(answer.retryAfterSeconds));
      return reply.send(answer.response);
    };
    for (const url of ["/_bulk", "/:index/_bulk"]) es.route({ method: ["POST", "PUT"], url, handler: bulk });
  });
}
