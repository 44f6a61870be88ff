// The typed ingest API: tRPC `ingest.push` on the ingest server (`POST /trpc/ingest.push`), for
// programs that would rather call a typed procedure than speak HEC. Authenticated like every
// receiver, by the tenant's ingest token (`Authorization: Bearer <token>`); events go through the
// same parser, event log (durable before the answer), quotas and detection as NDJSON and raw HEC.
// No transformer (plain JSON), so any language can call it:
//   curl -H 'Authorization: Bearer vgl_...' -H 'Content-Type: application/json' \
//        -d '{"events":[{"message":"hello"}]}' http://127.0.0.1:8088/trpc/ingest.push
import { initTRPC, TRPCError } from "@trpc/server";
import { fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { MAX_ITEMS_PER_BODY, createLineParser, isFormatId, ndjsonParser, rawLinesParser } from "@vigil/parsers";
import type { ParserComponent } from "@vigil/parsers";
import { z } from "zod";
import { authenticate } from "../auth";
import { ingestBody } from "../ingest-body";
import type { IngestLimits } from "../limits";
import { isLogUnavailable } from "../log/types";
import type { HttpReceiverDeps } from "./deps";
import { eventLogOf, tokensOf } from "./deps";
import { withMetadata } from "./with-metadata";

export interface TrpcIngestDeps extends HttpReceiverDeps {
  limits?: IngestLimits;
}

interface Context {
  tenantId: string | undefined;
  authError: string | undefined;
}

const t = initTRPC.context<Context>().create();

const MAX_LINE_BYTES = 1024 * 1024;
const metadata = { host: z.string().max(255).optional(), source: z.string().max(255).optional(), sourcetype: z.string().max(255).optional() };

export const pushInput = z
  .object({
    /** Structured events (JSON objects: ECS-shaped, Windows shapes, CloudTrail, Okta, ... detected per event). */
    events: z.array(z.record(z.string(), z.unknown())).max(MAX_ITEMS_PER_BODY).optional(),
    /** Raw log lines (syslog, CEF, LEEF, access logs, ...), one record each. */
    lines: z.array(z.string().max(MAX_LINE_BYTES).refine((line) => !/[\r\n]/.test(line), "a line must not contain CR or LF")).max(MAX_ITEMS_PER_BODY).optional(),
    /** Format of `lines` (default: detected per line). */
    format: z.string().refine((f) => f === "auto" || isFormatId(f), "unknown format").optional(),
    ...metadata,
  })
  .refine((input) => (input.events?.length ?? 0) + (input.lines?.length ?? 0) > 0, "send at least one of `events` or `lines`")
  .refine((input) => (input.events?.length ?? 0) + (input.lines?.length ?? 0) <= MAX_ITEMS_PER_BODY, `at most ${MAX_ITEMS_PER_BODY} events and lines per call`);

export const pushOutput = z.object({
  accepted: z.number().int(),
  /** Known only when the event log stored the batch before answering (in-process mode). */
  duplicates: z.number().int().optional(),
  rejected: z.number().int(),
  /** "event <n>: <reason>" / "line <n>: <reason>" for the records that were dead-lettered. */
  errors: z.array(z.string()),
});
export type PushResult = z.infer<typeof pushOutput>;

export function ingestRouter(deps: TrpcIngestDeps) {
  const authed = t.procedure.use(({ ctx, next }) => {
    if (ctx.tenantId === undefined) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.authError ?? "send the ingest token as Authorization: Bearer <token>" });
    return next({ ctx: { tenantId: ctx.tenantId } });
  });

  const run = async (tenantId: string, parser: ParserComponent, body: string, unit: string): Promise<PushResult> => {
    try {
      const reply = await ingestBody(eventLogOf(deps), { tenantId, parser, body });
      const b = reply.body as { accepted?: number; duplicates?: number; rejected?: number; errors?: string[]; text?: string };
      if (reply.status !== 200 && b.accepted === undefined) throw new TRPCError({ code: "BAD_REQUEST", message: `${unit}: ${b.text ?? "rejected"}` });
      return {
        accepted: b.accepted ?? 0,
        ...(b.duplicates !== undefined ? { duplicates: b.duplicates } : {}),
        rejected: b.rejected ?? 0,
        errors: (b.errors ?? []).map((e) => `${unit} ${e}`),
      };
    } catch (error) {
      if (isLogUnavailable(error)) throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: `${error.message}; retry in ${error.retryAfterSeconds} s`, cause: error });
      throw error;
    }
  };

  return t.router({
    ingest: t.router({
      push: authed
        .input(pushInput)
        .output(pushOutput)
        .mutation(async ({ ctx, input }) => {
          const { events = [], lines = [] } = input;
          const tags = { host: input.host, source: input.source, sourcetype: input.sourcetype };
          if (deps.limits && !deps.limits.tryCharge(ctx.tenantId, 0, events.length + lines.length)) {
            throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `tenant ${ctx.tenantId} is over its ingest quota or the server is busy; retry shortly` });
          }
          const results: PushResult[] = [];
          if (events.length > 0) {
            const body = events.map((e) => JSON.stringify(e)).join("\n");
            results.push(await run(ctx.tenantId, withMetadata(ndjsonParser, tags), body, "events"));
          }
          if (lines.length > 0) {
            const format = input.format !== undefined && input.format !== "auto" && isFormatId(input.format) ? input.format : undefined;
            const parser = format ? createLineParser({ id: `trpc-lines:${format}`, receiver: "trpc", format }) : rawLinesParser;
            results.push(await run(ctx.tenantId, withMetadata(parser, tags), lines.join("\n"), "lines"));
          }
          return results.reduce((sum, r) => ({
            accepted: sum.accepted + r.accepted,
            ...(sum.duplicates !== undefined && r.duplicates !== undefined ? { duplicates: sum.duplicates + r.duplicates } : {}),
            rejected: sum.rejected + r.rejected,
            errors: [...sum.errors, ...r.errors],
          }));
        }),
    }),
  });
}

export type IngestRouter = ReturnType<typeof ingestRouter>;

export function registerTrpcIngest(app: FastifyInstance, deps: TrpcIngestDeps): void {
  const createContext = async ({ req }: { req: FastifyRequest }): Promise<Context> => {
    const header = req.headers.authorization;
    if (header === undefined) return { tenantId: undefined, authError: undefined };
    const auth = await authenticate(tokensOf(deps), header);
    return auth.ok ? { tenantId: auth.tenantId, authError: undefined } : { tenantId: undefined, authError: (auth.reply.body as { text?: string }).text };
  };
  void app.register(fastifyTRPCPlugin, { prefix: "/trpc", trpcOptions: { router: ingestRouter(deps), createContext } });
}
