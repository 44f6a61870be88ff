// Detection health of the selected tenant (rules, never fired, noisy, lag).
import { z } from "zod";
import { detectionHealth, MAX_HEALTH_DAYS } from "@vigil/services/health";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const ruleInfo = z.object({
  id: z.string(), title: z.string(), level: z.string(), kind: z.enum(["rule", "correlation"]), silent: z.boolean().optional(), waitingFor: z.array(z.string()).optional(),
});

export const healthRouter = createTRPCRouter({
  detection: tenantProcedure
    .input(z.object({ days: z.number().int().min(1).max(MAX_HEALTH_DAYS).default(7), noisyPerDay: z.number().positive().max(1_000_000).default(20) }))
    .output(z.object({
      window: z.object({ days: z.number().int(), since: z.date(), until: z.date() }),
      rules: z.object({
        reported: z.boolean(), source: z.string().nullable(), loadedAt: z.date().nullable(), loaded: z.number().int(), correlations: z.number().int(),
        failed: z.array(z.object({ file: z.string(), reason: z.string(), path: z.string().optional(), line: z.number().optional() })),
        waiting: z.object({ total: z.number().int(), lists: z.array(z.string()), rules: z.array(ruleInfo) }),
      }),
      neverFired: z.object({ total: z.number().int(), rules: z.array(ruleInfo) }),
      noisy: z.object({
        threshold: z.number(),
        rules: z.array(z.object({ ruleId: z.string(), ruleTitle: z.string(), alerts: z.number().int(), detections: z.number().int(), alertsPerDay: z.number(), lastSeen: z.date() })),
      }),
      daily: z.array(z.object({ day: z.string(), alerts: z.number().int(), detections: z.number().int() })),
      lag: z.object({
        lastEventAt: z.date().nullable(), lastReceivedAt: z.date().nullable(), sinceLastEventMs: z.number().nullable(),
        alertsMeasured: z.number().int(), detectP50Ms: z.number().nullable(), detectP95Ms: z.number().nullable(),
      }),
    }))
    .query(({ ctx, input }) => detectionHealth(ctx.deps, ctx.tenant, { days: input.days, noisyPerDay: input.noisyPerDay })),
});
