import { z } from "zod";
import { searchEvents, searchHistogram, MAX_SEARCH_BUCKETS, MAX_SEARCH_PAGE } from "@vigil/services/search";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const MAX_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

const windowInput = z
  .object({ query: z.string().max(4096).default(""), from: z.date(), to: z.date() })
  .refine((w) => w.to > w.from, { message: "to must be after from", path: ["to"] })
  .refine((w) => w.to.getTime() - w.from.getTime() <= MAX_WINDOW_MS, { message: "the time range is at most 90 days", path: ["from"] });

export const searchEventSchema = z.object({
  id: z.string(),
  ts: z.date(),
  receivedAt: z.date(),
  receiver: z.string(),
  sourcetype: z.string().nullable(),
  host: z.string().nullable(),
  action: z.string().nullable(),
  outcome: z.string().nullable(),
  userName: z.string().nullable(),
  sourceIp: z.string().nullable(),
  raw: z.string(),
});

export const searchRouter = createTRPCRouter({
  /** A page of matching events, newest first; pass `nextCursor` back for the next page. */
  events: tenantProcedure
    .input(windowInput.and(z.object({ limit: z.number().int().min(1).max(MAX_SEARCH_PAGE).default(50), cursor: z.string().max(512).nullish() })))
    .output(z.object({ events: z.array(searchEventSchema), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const page = await searchEvents(ctx.deps, ctx.tenant.tenantId, input);
      return { events: page.events.map(({ doc: _doc, ...row }) => row), nextCursor: page.nextCursor };
    }),

  /** Matching events per time bucket over the window, zero-filled. */
  histogram: tenantProcedure
    .input(windowInput.and(z.object({ buckets: z.number().int().min(1).max(MAX_SEARCH_BUCKETS).default(60) })))
    .output(
      z.object({
        bucketSeconds: z.number().int(),
        total: z.number().int(),
        buckets: z.array(z.object({ start: z.date(), count: z.number().int(), failures: z.number().int() })),
      }),
    )
    .query(async ({ ctx, input }) => {
      const result = await searchHistogram(ctx.deps, ctx.tenant.tenantId, input);
      return { ...result, buckets: result.buckets.map((b) => ({ ...b, start: new Date(b.start) })) };
    }),
});
