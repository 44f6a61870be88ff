// Splunk HEC receiver (/services/collector/event, /raw, /health) and the NDJSON receiver.
// Handlers are adapters: authenticate, pick the parser, hand the body to ingestBody.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ParserComponent } from "@vigil/parsers";
import { createLineParser, hecEventParser, isFormatId, ndjsonParser, rawLinesParser } from "@vigil/parsers";
import { authenticate } from "../auth";
import type { Reply } from "../hec-replies";
import { HEC } from "../hec-replies";
import { ingestBody } from "../ingest-body";
import type { HttpReceiverDeps } from "./deps";
import { eventLogOf, tokensOf } from "./deps";
import { ChannelAcks } from "./hec-acks";
import { requestSourcetype, requestTenant, setRequestTenant } from "./request-tenant";
import { withDefaultSourcetype, withMetadata } from "./with-metadata";

const send = (reply: FastifyReply, r: Reply) => reply.code(r.status).send(r.body);
const INDEX = /^[a-z0-9][a-z0-9_-]{0,79}$/;
const CHANNEL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Query = Record<string, string | undefined>;

/**
 * `?sourcetype=`/`?format=` picks a record format (else the token's default source type, else
 * detection per line); host/source/index tag the events.
 */
export function rawParser(query: Query): ParserComponent | Reply {
  const requested = query.format ?? query.sourcetype;
  const format = requested !== undefined && isFormatId(requested) ? requested : undefined;
  if (query.format !== undefined && format === undefined) return HEC.badQuery(`Unknown format "${query.format}"`);
  if (query.index !== undefined && !INDEX.test(query.index)) return HEC.incorrectIndex(query.index);
  const base = format ? createLineParser({ id: `raw-lines:${format}`, receiver: "hec-raw", format }) : rawLinesParser;
  return withMetadata(base, { host: query.host, source: query.source, sourcetype: query.sourcetype, index: query.index });
}

export function registerHecRoutes(app: FastifyInstance, deps: HttpReceiverDeps): void {
  const requireToken = async (request: FastifyRequest, reply: FastifyReply) => {
    const auth = await authenticate(tokensOf(deps), request.headers.authorization ?? tokenFromQuery(request));
    if (!auth.ok) return send(reply, auth.reply);
    const channel = channelOf(request);
    if (channel !== undefined && !CHANNEL.test(channel)) return send(reply, HEC.invalidChannel());
    setRequestTenant(request, auth.tenantId, auth.sourcetype);
  };

  const acks = new ChannelAcks();
  const receive = async (request: FastifyRequest, reply: FastifyReply, parser: ParserComponent) => {
    const body = typeof request.body === "string" ? request.body : "";
    const input = { tenantId: requestTenant(request), parser, body, ...(deps.maxItemsPerRequest ? { maxItems: deps.maxItemsPerRequest } : {}) };
    const answer = await ingestBody(eventLogOf(deps), input);
    const channel = channelOf(request);
    if (answer.status !== 200 || channel === undefined) return send(reply, answer);
    return send(reply, { ...answer, body: { ...answer.body, ackId: acks.next(`${input.tenantId} ${channel}`) } });
  };

  for (const url of ["/services/collector/health", "/services/collector/health/1.0"]) {
    app.get(url, async (_request, reply) => send(reply, HEC.healthy()));
  }
  for (const url of ["/services/collector/event", "/services/collector/event/1.0", "/services/collector"]) {
    app.post(url, { onRequest: requireToken }, (request, reply) => receive(request, reply, withDefaultSourcetype(hecEventParser, requestSourcetype(request))));
  }
  for (const url of ["/services/collector/raw", "/services/collector/raw/1.0"]) {
    app.post(url, { onRequest: requireToken }, (request, reply) => {
      const query = request.query as Query;
      const parser = rawParser({ ...query, sourcetype: query.sourcetype ?? requestSourcetype(request) });
      return "parse" in parser ? receive(request, reply, parser) : send(reply, parser);
    });
  }
  for (const url of ["/services/collector/ack", "/services/collector/ack/1.0"]) {
    app.post(url, { onRequest: requireToken }, async (request, reply) => {
      const channel = channelOf(request);
      if (channel === undefined) return send(reply, HEC.channelMissing());
      const ids = parseAckIds(typeof request.body === "string" ? request.body : "");
      if (!ids) return send(reply, HEC.invalidData({ text: 'Invalid data format: expected {"acks":[<ackId>, ...]}' }));
      return reply.send({ acks: acks.status(`${requestTenant(request)} ${channel}`, ids) });
    });
  }
  app.post("/v1/events", { onRequest: requireToken }, (request, reply) => receive(request, reply, withDefaultSourcetype(ndjsonParser, requestSourcetype(request))));
}

/** Splunk also accepts `?token=` when the client cannot set headers (query-string auth). */
function tokenFromQuery(request: FastifyRequest): string | undefined {
  const token = (request.query as Query).token;
  return token === undefined ? undefined : `Splunk ${token}`;
}

function channelOf(request: FastifyRequest): string | undefined {
  const channel = (request.query as Query).channel ?? request.headers["x-splunk-request-channel"];
  return typeof channel === "string" ? channel : undefined;
}

function parseAckIds(body: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(body);
    const acks = typeof value === "object" && value !== null ? (value as { acks?: unknown }).acks : undefined;
    return Array.isArray(acks) ? acks : undefined;
  } catch {
    return undefined;
  }
}
