// Alerts: the dashboard's latest list, and triage (filtered list, one alert, dispositions).
import { z } from "zod";
import { latestAlerts } from "@vigil/services/dashboard";
import { getAlert, listAlerts, MAX_ALERT_PAGE, MAX_NOTE_LENGTH, setDisposition } from "@vigil/services/detections";
import { entitiesSchema, limitInput, severitySchema } from "../schemas";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { proposalSchema } from "./exceptions";

const alertStatusSchema = z.enum(["OPEN", "ACKNOWLEDGED", "CLOSED"]);
export const dispositionSchema = z.enum(["TRUE_POSITIVE", "BENIGN", "FALSE_POSITIVE"]);

export const alertSchema = z.object({
  id: z.uuid(),
  ruleId: z.string(),
  ruleTitle: z.string(),
  severity: severitySchema,
  status: alertStatusSchema,
  tactics: z.array(z.string()),
  techniques: z.array(z.string()),
  entities: entitiesSchema,
  count: z.number().int(),
  firstSeen: z.date(),
  lastSeen: z.date(),
  incidentId: z.uuid().nullable(),
});

export const triageAlertSchema = z.object({
  id: z.uuid(),
  ruleId: z.string(),
  ruleTitle: z.string(),
  severity: severitySchema,
  status: alertStatusSchema,
  tactics: z.array(z.string()),
  techniques: z.array(z.string()),
  entities: z.object({ user: z.array(z.string()), host: z.array(z.string()), ip: z.array(z.string()), file: z.array(z.string()) }),
  groupKey: z.string(),
  count: z.number().int(),
  firstSeen: z.date(),
  lastSeen: z.date(),
  createdAt: z.date(),
  incidentId: z.uuid().nullable(),
  disposition: dispositionSchema.nullable(),
  dispositionNote: z.string().nullable(),
  dispositionBy: z.string().nullable(),
  dispositionAt: z.date().nullable(),
});

const alertDetailSchema = triageAlertSchema.extend({
  eventIds: z.array(z.string()),
  events: z.array(z.object({
    id: z.string(), ts: z.date(), action: z.string().nullable(), outcome: z.string().nullable(),
    userName: z.string().nullable(), sourceIp: z.string().nullable(), host: z.string().nullable(),
  })),
});

const listInput = z.object({
  status: alertStatusSchema.optional(),
  severity: severitySchema.optional(),
  rule: z.string().trim().max(300).optional(),
  disposition: z.enum(["TRUE_POSITIVE", "BENIGN", "FALSE_POSITIVE", "NONE"]).optional(),
  limit: z.number().int().min(1).max(MAX_ALERT_PAGE).default(50),
  cursor: z.uuid().optional(),
});

export const alertsRouter = createTRPCRouter({
  latest: tenantProcedure
    .input(limitInput)
    .output(z.array(alertSchema))
    .query(({ ctx, input }) => latestAlerts(ctx.deps, ctx.tenant, { limit: input.limit })),

  /** Triage list: filters and cursor pagination (pass the previous page's nextCursor). */
  list: tenantProcedure
    .input(listInput)
    .output(z.object({ items: z.array(triageAlertSchema), nextCursor: z.uuid().nullable(), total: z.number().int() }))
    .query(({ ctx, input }) => {
      const { tenantId: _tenantId, rule, ...filters } = input;
      return listAlerts(ctx.deps, ctx.tenant, { ...filters, ...(rule ? { rule } : {}) });
    }),

  /** One alert with its matched event ids, entities and the stored events. */
  get: tenantProcedure
    .input(z.object({ alertId: z.uuid() }))
    .output(alertDetailSchema)
    .query(({ ctx, input }) => getAlert(ctx.deps, ctx.tenant, { alertId: input.alertId })),

  /** Records the verdict (audited) and closes the alert; FALSE_POSITIVE answers with a proposed exception. */
  setDisposition: tenantProcedure
    .input(z.object({ alertId: z.uuid(), disposition: dispositionSchema, note: z.string().max(MAX_NOTE_LENGTH).optional() }))
    .output(z.object({ alert: triageAlertSchema, proposal: proposalSchema.nullable() }))
    .mutation(({ ctx, input }) => setDisposition(ctx.deps, ctx.tenant, { alertId: input.alertId, disposition: input.disposition, ...(input.note !== undefined ? { note: input.note } : {}) })),
});
