// What the tenant's senders sent that could not be parsed (the dead letters): a summary for the
// chart and the list, newest first, each record's raw text cut to a preview; and re-processing
// them with the current parsers, a page at a time (the portal runs the pages and shows progress).
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { DEAD_LETTER_RAW_PREVIEW, deadLetterSummary, listDeadLetters, MAX_DEAD_LETTER_HOURS, MAX_DEAD_LETTER_PAGE, MAX_REPROCESS_PAGE, reprocessDeadLetters } from "@vigil/services/events";
import { createTRPCRouter, tenantProcedure } from "../trpc";

/** "2026-11-29T12:00:00.000Z|<uuid>": the last row of a page. */
function readCursor(cursor: string): { receivedAt: Date; id: string } {
  const [at, id] = cursor.split("|");
  const receivedAt = new Date(at ?? "");
  if (Number.isNaN(receivedAt.getTime()) || !id || !z.uuid().safeParse(id).success) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "cursor: not a cursor this list returned" });
  }
  return { receivedAt, id };
}

const row = z.object({
  id: z.string(),
  receiver: z.string(),
  reason: z.string(),
  raw: z.string(),
  /** Length of the whole raw text (`raw` holds its first DEAD_LETTER_RAW_PREVIEW characters). */
  rawLength: z.number().int(),
  receivedAt: z.date(),
});

export const deadLettersRouter = createTRPCRouter({
  summary: tenantProcedure
    .input(z.object({ hours: z.number().int().min(1).max(MAX_DEAD_LETTER_HOURS).default(24) }))
    .output(z.object({
      since: z.date(),
      total: z.number().int(),
      hourly: z.array(z.object({ hour: z.date(), count: z.number().int() })),
      byReceiver: z.array(z.object({ receiver: z.string(), count: z.number().int() })),
      topReasons: z.array(z.object({ reason: z.string(), count: z.number().int(), lastSeen: z.date() })),
    }))
    .query(({ ctx, input }) => deadLetterSummary(ctx.deps, ctx.tenant.tenantId, { hours: input.hours })),

  list: tenantProcedure
    .input(z.object({
      limit: z.number().int().min(1).max(MAX_DEAD_LETTER_PAGE).default(50),
      receiver: z.string().min(1).max(32).optional(),
      /** `nextCursor` of the previous page. */
      cursor: z.string().max(128).nullish(),
    }))
    .output(z.object({ rows: z.array(row), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const before = input.cursor ? readCursor(input.cursor) : undefined;
      const rows = await listDeadLetters(ctx.deps, ctx.tenant.tenantId, { limit: input.limit, ...(input.receiver ? { receiver: input.receiver } : {}), ...(before ? { before } : {}) });
      const last = rows[rows.length - 1];
      return {
        rows: rows.map((r) => ({ ...r, raw: r.raw.slice(0, DEAD_LETTER_RAW_PREVIEW), rawLength: r.raw.length })),
        nextCursor: rows.length === input.limit && last ? `${last.receivedAt.toISOString()}|${last.id}` : null,
      };
    }),

  reprocess: tenantProcedure
    .input(z.object({
      limit: z.number().int().min(1).max(MAX_REPROCESS_PAGE).default(MAX_REPROCESS_PAGE),
      /** `next` of the previous page. */
      after: z.string().max(128).nullish(),
    }))
    .output(z.object({
      examined: z.number().int(),
      stored: z.number().int(),
      alreadyStored: z.number().int(),
      stillRejected: z.number().int(),
      next: z.string().nullable(),
      remaining: z.number().int(),
    }))
    .mutation(async ({ ctx, input }) => {
      const after = input.after ? readCursor(input.after) : null;
      const page = await reprocessDeadLetters(ctx.deps, ctx.tenant, { after, limit: input.limit });
      return { ...page, next: page.next ? `${page.next.receivedAt.toISOString()}|${page.next.id}` : null };
    }),
});
