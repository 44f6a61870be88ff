// One place that turns thrown errors into answers: body limits -> 413, our AppErrors by code,
// database trouble -> 503 (senders retry), anything else -> 500. The process never crashes on input.
// The Elasticsearch receiver has its own ES-shaped handler (routes/elastic.ts).
import type { FastifyError, FastifyInstance } from "fastify";
import { isAppError, toHttpStatus } from "@vigil/services";
import { ES } from "./elastic/replies";
import { HEC } from "./hec-replies";

const TOO_LARGE = new Set(["FST_ERR_CTP_BODY_TOO_LARGE"]);
const CONNECTION = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P03", "53300"]);

export function isConnectionError(error: { code?: string }): boolean {
  return error.code !== undefined && CONNECTION.has(error.code);
}

export function registerErrorHandler(app: FastifyInstance, maxBodyBytes: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (TOO_LARGE.has(error.code) || error.statusCode === 413) {
      const r = HEC.tooLarge(maxBodyBytes);
      return reply.code(r.status).send(r.body);
    }
    if (isAppError(error)) return reply.code(toHttpStatus(error.code)).send({ text: error.message, code: error.code });
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ text: error.message, code: 6 });
    }
    request.log.error({ err: error }, "ingest request failed");
    const r = isConnectionError(error) ? HEC.busy() : HEC.internal();
    return reply.code(r.status).send(r.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    // Paths with an underscore segment are Elasticsearch API calls: answer them the ES way.
    const r = /(^|\/)_/.test(path) ? ES.noRoute(request.method, path) : HEC.notFound(request.method, path);
    return reply.code(r.status).send(r.body);
  });
}
