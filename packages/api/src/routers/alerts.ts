import { z } from "zod";
import { latestAlerts } from "@vigil/services/dashboard";
import { entitiesSchema, limitInput, severitySchema } from "../schemas";
import { createTRPCRouter, tenantProcedure } from "../trpc";

export const alertSchema = z.object({
  id: z.uuid(),
  ruleId: z.string(),
  ruleTitle: z.string(),
  severity: severitySchema,
  status: z.enum(["OPEN", "ACKNOWLEDGED", "CLOSED"]),
  tactics: z.array(z.string()),
  techniques: z.array(z.string()),
  entities: entitiesSchema,
  count: z.number().int(),
  firstSeen: z.date(),
  lastSeen: z.date(),
  incidentId: z.uuid().nullable(),
});

export const alertsRouter = createTRPCRouter({
  latest: tenantProcedure
    .input(limitInput)
    .output(z.array(alertSchema))
    .query(({ ctx, input }) => latestAlerts(ctx.deps, ctx.tenant, { limit: input.limit })),
});
