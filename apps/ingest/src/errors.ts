// One place that turns thrown errors into answers: body limits -> 413, our AppErrors by code,
// an event log that cannot take the batch now (PostgreSQL down in in-process mode, JetStream
// unreachable) or database trouble -> 503 with Retry-After (senders retry), anything else -> 500.
// The process never crashes on input.
// The Elasticsearch receiver has its own ES-shaped handler (routes/elastic.ts).
import type { FastifyError, FastifyInstance } from "fastify";
import { isAppError, toHttpStatus } from "@vigil/services";
import { ES } from "./elastic/replies";
import { HEC } from "./hec-replies";
import { BatchItemTooLargeError, isLogUnavailable } from "./log/types";
import { isStoreUnavailable } from "./log/unavailable";

const TOO_LARGE = new Set(["FST_ERR_CTP_BODY_TOO_LARGE"]);
/** PostgreSQL unreachable (token lookups and the like): 503, the sender retries. */
export function isConnectionError(error: unknown): boolean {
  return isStoreUnavailable(error);
}

export function registerErrorHandler(app: FastifyInstance, maxBodyBytes: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (TOO_LARGE.has(error.code) || error.statusCode === 413) {
      const r = HEC.tooLarge(maxBodyBytes);
      return reply.code(r.status).send(r.body);
    }
    if (isLogUnavailable(error)) {
      const r = HEC.busy();
      return reply.code(r.status).header("retry-after", String(error.retryAfterSeconds)).send(r.body);
    }
    if (error instanceof BatchItemTooLargeError) return reply.code(413).send({ text: `${error.message}; send smaller events`, code: 6 });
    if (isAppError(error)) return reply.code(toHttpStatus(error.code)).send({ text: error.message, code: error.code });
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ text: error.message, code: 6 });
    }
    request.log.error({ err: error }, "ingest request failed");
    if (!isConnectionError(error)) {
      const r = HEC.internal();
      return reply.code(r.status).send(r.body);
    }
    const r = HEC.busy();
    return reply.code(r.status).header("retry-after", "5").send(r.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    // Paths with an underscore segment are Elasticsearch API calls: answer them the ES way.
    const r = /(^|\/)_/.test(path) ? ES.noRoute(request.method, path) : HEC.notFound(request.method, path);
    return reply.code(r.status).send(r.body);
  });
}
