// OTLP/HTTP logs receiver (POST /v1/logs, JSON encoding): what an OpenTelemetry Collector's
// `otlphttp` exporter (encoding: json) or an SDK's OTLP/HTTP JSON exporter sends. Authenticated by
// the tenant's ingest token as `Authorization: Bearer <token>` (exporter `headers:` setting).
// Answers the OTLP way: 200 with {} when everything was taken; 200 with partialSuccess
// { rejectedLogRecords, errorMessage } when some records were bad (those go to dead letters);
// 400/401/403/413/415 with a google.rpc.Status body otherwise. 503 (event log unavailable, from
// the shared error handler) carries Retry-After, which OTLP clients honour.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { MAX_ITEMS_PER_BODY, parseOtlpLogs } from "@vigil/parsers";
import { authenticate } from "../auth";
import { finishBatch } from "../occurrences";
import type { HttpReceiverDeps } from "./deps";
import { eventLogOf, tokensOf } from "./deps";
import { requestTenant, setRequestTenant } from "./request-tenant";

// google.rpc.Code values used in OTLP error bodies.
const INVALID_ARGUMENT = 3;
const PERMISSION_DENIED = 7;
const UNAUTHENTICATED = 16;
const MAX_LISTED_ERRORS = 20;
const BEARER = /^bearer\s+\S+\s*$/i;

const status = (reply: FastifyReply, http: number, code: number, message: string) =>
  reply.code(http).header("content-type", "application/json").send({ code, message, details: [] });

function mediaType(request: FastifyRequest): string {
  return String(request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export function registerOtlpRoutes(app: FastifyInstance, deps: HttpReceiverDeps): void {
  // Authentication runs in onRequest (before the body is read) so per-tenant quotas apply here too.
  const requireToken = async (request: FastifyRequest, reply: FastifyReply) => {
    const type = mediaType(request);
    if (type !== "application/json") {
      const hint = type === "application/x-protobuf" ? "OTLP/HTTP protobuf is not accepted here" : `Content-Type "${type || "(none)"}" is not accepted`;
      return status(reply, 415, INVALID_ARGUMENT, `${hint}: send OTLP/JSON with Content-Type: application/json (exporter encoding: json)`);
    }
    const header = request.headers.authorization;
    if (header === undefined || !BEARER.test(header)) {
      return status(reply, 401, UNAUTHENTICATED, "send the ingest token as Authorization: Bearer <token>");
    }
    const auth = await authenticate(tokensOf(deps), header);
    if (!auth.ok) return status(reply, 403, PERMISSION_DENIED, "invalid or revoked ingest token");
    setRequestTenant(request, auth.tenantId);
  };

  app.post("/v1/logs", { onRequest: requireToken }, async (request, reply) => {
    const tenantId = requestTenant(request);
    const body = typeof request.body === "string" ? request.body : "";
    const maxItems = deps.maxItemsPerRequest ?? MAX_ITEMS_PER_BODY;
    const parsed = parseOtlpLogs(body, { tenantId: tenantId, receivedAt: new Date(), maxItems });
    if (!parsed.ok) return status(reply, 400, INVALID_ARGUMENT, `not an ExportLogsServiceRequest: ${parsed.reason}`);
    const { result } = parsed;
    if (result.tooManyItems) {
      return status(reply, 413, INVALID_ARGUMENT, `${result.total} log records in one request; at most ${maxItems}: split the batch (exporter sending_queue / batch size)`);
    }
    if (result.total === 0) return reply.code(200).send({});

    const deadLetters = result.errors.map((e) => ({ receiver: "otlp", reason: e.message, raw: e.raw }));
    await eventLogOf(deps).append(tenantId, { events: finishBatch(tenantId, result.events), deadLetters });
    if (result.errors.length === 0) return reply.code(200).send({});
    const listed = result.errors.slice(0, MAX_LISTED_ERRORS).map((e) => e.message);
    const more = result.errors.length > MAX_LISTED_ERRORS ? `; and ${result.errors.length - MAX_LISTED_ERRORS} more` : "";
    const errorMessage = `${listed.join("; ")}${more}`;
    // Nothing usable at all is a permanent failure (400: the client must not retry); otherwise partial success.
    if (result.events.length === 0) return status(reply, 400, INVALID_ARGUMENT, `every log record was rejected: ${errorMessage}`);
    // int64 fields are strings in the protobuf JSON mapping.
    return reply.code(200).send({ partialSuccess: { rejectedLogRecords: String(result.errors.length), errorMessage } });
  });
}
