import { z } from "zod";
import { getSummary } from "@vigil/services/dashboard";
import { eventHistogram } from "@vigil/services/events";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The last 24 h ending with the current (partial) bucket, aligned on bucket boundaries. */
export function histogramWindow(now: Date, bucketMinutes: number): { from: Date; to: Date } {
  const bucketMs = bucketMinutes * 60 * 1000;
  const to = new Date(Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs);
  return { from: new Date(to.getTime() - DAY_MS), to };
}

export const dashboardRouter = createTRPCRouter({
  summary: tenantProcedure
    .output(
      z.object({
        events24h: z.number().int(),
        openAlerts: z.number().int(),
        openIncidents: z.number().int(),
        acknowledgedIncidents: z.number().int(),
        generatedAt: z.date(),
      }),
    )
    .query(({ ctx }) => getSummary(ctx.deps, ctx.tenant)),

  /** Event counts over the last 24 hours, in hourly (default) or 15-minute buckets, oldest first, zero-filled. */
  eventHistogram: tenantProcedure
    .input(z.object({ bucketMinutes: z.union([z.literal(15), z.literal(60)]).default(60) }))
    .output(z.array(z.object({ start: z.date(), count: z.number().int(), failures: z.number().int() })))
    .query(async ({ ctx, input }) => {
      const { from, to } = histogramWindow(new Date(), input.bucketMinutes);
      const buckets = await eventHistogram(ctx.deps, ctx.tenant.tenantId, { from, to, bucketSeconds: input.bucketMinutes * 60 });
      return buckets.map((b) => ({ start: new Date(b.start), count: b.count, failures: b.failures }));
    }),
});
