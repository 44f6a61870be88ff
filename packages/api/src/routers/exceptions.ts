// Tenant exceptions and snoozes: proposals from false positives, accept, list, delete.
import { z } from "zod";
import { acceptException, deleteException, EXCEPTION_OPS, listExceptions, MAX_CONDITIONS, proposeException } from "@vigil/services/exceptions";
import { createTRPCRouter, tenantProcedure } from "../trpc";

export const conditionSchema = z.object({
  field: z.string().trim().min(1).max(200),
  op: z.enum(EXCEPTION_OPS),
  value: z.string().trim().min(1).max(500),
});

export const proposalSchema = z.object({
  ruleId: z.string(),
  ruleTitle: z.string(),
  conditions: z.array(conditionSchema),
  sourceAlertId: z.uuid(),
  reason: z.string(),
});

const exceptionSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["exception", "snooze"]),
  ruleId: z.string().nullable(),
  ruleTitle: z.string().nullable(),
  conditions: z.array(conditionSchema),
  reason: z.string(),
  sourceAlertId: z.uuid().nullable(),
  expiresAt: z.date().nullable(),
  active: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  suppressedCount: z.number().int(),
  lastSuppressedAt: z.date().nullable(),
});

export const exceptionsRouter = createTRPCRouter({
  /** The exception that would have suppressed this alert (shown for editing; nothing is stored). */
  propose: tenantProcedure
    .input(z.object({ alertId: z.uuid() }))
    .output(proposalSchema)
    .query(({ ctx, input }) => proposeException(ctx.deps, ctx.tenant, { alertId: input.alertId })),

  /** Stores an exception (ruleId null: every rule), optionally until expiresAt. */
  accept: tenantProcedure
    .input(z.object({
      ruleId: z.string().trim().min(1).max(200).nullable(),
      ruleTitle: z.string().max(300).nullish(),
      conditions: z.array(conditionSchema).max(MAX_CONDITIONS),
      reason: z.string().max(1000).optional(),
      sourceAlertId: z.uuid().nullish(),
      expiresAt: z.date().nullish(),
    }))
    .output(exceptionSchema)
    .mutation(({ ctx, input }) => {
      const { tenantId: _tenantId, ...rest } = input;
      return acceptException(ctx.deps, ctx.tenant, { ...rest, kind: "exception" });
    }),

  /** Silences a rule (optionally for one entity value) until `until`. */
  snooze: tenantProcedure
    .input(z.object({
      ruleId: z.string().trim().min(1).max(200),
      ruleTitle: z.string().max(300).nullish(),
      entity: conditionSchema.pick({ field: true, value: true }).optional(),
      until: z.date(),
      reason: z.string().max(1000).optional(),
      sourceAlertId: z.uuid().nullish(),
    }))
    .output(exceptionSchema)
    .mutation(({ ctx, input }) =>
      acceptException(ctx.deps, ctx.tenant, {
        kind: "snooze", ruleId: input.ruleId, ruleTitle: input.ruleTitle ?? null, expiresAt: input.until, sourceAlertId: input.sourceAlertId ?? null,
        conditions: input.entity ? [{ ...input.entity, op: "equals" }] : [], ...(input.reason !== undefined ? { reason: input.reason } : {}),
      }),
    ),

  list: tenantProcedure
    .output(z.array(exceptionSchema))
    .query(({ ctx }) => listExceptions(ctx.deps, ctx.tenant)),

  delete: tenantProcedure
    .input(z.object({ exceptionId: z.uuid() }))
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => deleteException(ctx.deps, ctx.tenant, { exceptionId: input.exceptionId })),
});
