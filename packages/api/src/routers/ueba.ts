// Behaviour analytics (UEBA): top risky entities, an entity's timeline (anomalies with their
// plain-words explanations, feature windows, risk over time), model status. Tenant-scoped.
import { z } from "zod";
import { entityRisk, entityRiskInput, entityTimeline, modelStatus, timelineInput } from "@vigil/services/ueba";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const explanationSchema = z.object({ feature: z.string(), value: z.number(), usual: z.number(), text: z.string() });

const entityRiskSchema = z.object({
  entity: z.string(),
  kind: z.string(),
  name: z.string(),
  risk: z.number(),
  peakRisk: z.number(),
  anomalies: z.number().int(),
  lastAnomalyAt: z.date(),
  lastAlertId: z.string().nullable(),
  lastAlertAt: z.date().nullable(),
  topExplanations: z.array(z.string()),
});

const timelineSchema = z.object({
  entity: z.string(),
  kind: z.string(),
  name: z.string(),
  risk: z.number(),
  peakRisk: z.number(),
  threshold: z.number(),
  anomalies: z.array(z.object({
    id: z.string(), series: z.string(), windowStart: z.date(), at: z.date(), detectedAt: z.date(), score: z.number(), threshold: z.number(),
    early: z.boolean(), risk: z.number(), modelVersion: z.number().int(), explanations: z.array(explanationSchema), alertId: z.string().nullable(),
  })),
  windows: z.array(z.object({ windowStart: z.date(), eventCount: z.number().int(), values: z.record(z.string(), z.number()), score: z.number().nullable() })),
  riskSeries: z.array(z.object({ at: z.date(), risk: z.number() })),
});

const modelStatusSchema = z.object({
  source: z.enum(["tenant", "prior"]),
  version: z.number().int(),
  trainedAt: z.date().nullable(),
  featureWindows: z.number().int(),
  entities: z.number().int(),
  series: z.array(z.object({
    series: z.string(), version: z.number().int(), trainedAt: z.date(), trainingRows: z.number().int(), priorRows: z.number().int(),
    backend: z.string(), kind: z.string(), seed: z.number().int(), threshold: z.number(), metrics: z.record(z.string(), z.unknown()),
  })),
});

export const uebaRouter = createTRPCRouter({
  entityRisk: tenantProcedure
    .input(entityRiskInput)
    .output(z.array(entityRiskSchema))
    .query(({ ctx, input }) => entityRisk(ctx.deps, ctx.tenant, { limit: input.limit, minRisk: input.minRisk })),
  timeline: tenantProcedure
    .input(timelineInput)
    .output(timelineSchema)
    .query(({ ctx, input }) => entityTimeline(ctx.deps, ctx.tenant, { entity: input.entity, days: input.days, series: input.series })),
  modelStatus: tenantProcedure.output(modelStatusSchema).query(({ ctx }) => modelStatus(ctx.deps, ctx.tenant)),
});
