// The tenant's ingest quota: what its senders may send per second (its override, else the default),
// and, for its MSSP's organization administrators, setting or clearing the override.
import { z } from "zod";
import { getIngestQuota, INGEST_QUOTA_BOUNDS, setIngestQuota } from "@vigil/services/tenancy";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const limit = (bounds: { min: number; max: number }) => z.number().int().min(bounds.min).max(bounds.max).nullable();
const override = z.object({ eventsPerSecond: limit(INGEST_QUOTA_BOUNDS.eventsPerSecond), bytesPerSecond: limit(INGEST_QUOTA_BOUNDS.bytesPerSecond) });

export const ingestQuotaRouter = createTRPCRouter({
  get: tenantProcedure
    .output(override.extend({
      canEdit: z.boolean(),
      /** Null when this portal does not know the ingest defaults. */
      defaults: z.object({ eventsPerSecond: z.number().int(), bytesPerSecond: z.number().int() }).nullable(),
      bounds: z.object({ eventsPerSecond: z.object({ min: z.number(), max: z.number() }), bytesPerSecond: z.object({ min: z.number(), max: z.number() }) }),
    }))
    .query(async ({ ctx }) => ({ ...(await getIngestQuota(ctx.deps, ctx.tenant)), defaults: ctx.deps.ingestQuotaDefaults ?? null, bounds: INGEST_QUOTA_BOUNDS })),

  set: tenantProcedure
    .input(override)
    .output(override)
    .mutation(({ ctx, input }) => setIngestQuota(ctx.deps, ctx.tenant, input)),
});
