import { z } from "zod";
import { AppError } from "@vigil/services";
import { acknowledgeIncident, listIncidents, type IncidentView } from "@vigil/services/incidents";
import { limitInput, severitySchema } from "../schemas";
import { createTRPCRouter, tenantProcedure, type ApiDeps } from "../trpc";

const incidentStatus = z.enum(["OPEN", "ACKNOWLEDGED", "RESOLVED"]);

export const incidentSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  severity: severitySchema,
  status: incidentStatus,
  workflowState: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.date().nullable(),
  alertCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

function toIncidentRow(i: IncidentView): z.infer<typeof incidentSchema> {
  return {
    id: i.id,
    title: i.title,
    severity: i.severity,
    status: i.status,
    workflowState: i.workflowState,
    acknowledgedBy: i.acknowledgedBy,
    acknowledgedAt: i.acknowledgedAt,
    alertCount: i.alertCount,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

async function temporalOf(deps: ApiDeps) {
  if (!deps.temporal) throw new AppError("UNAVAILABLE", "Incident response (Temporal) is not configured");
  try {
    return await deps.temporal();
  } catch {
    throw new AppError("UNAVAILABLE", "Incident response (Temporal) is unreachable, try again shortly");
  }
}

export const incidentsRouter = createTRPCRouter({
  list: tenantProcedure
    .input(limitInput)
    .output(z.array(incidentSchema))
    .query(async ({ ctx, input }) => (await listIncidents(ctx.deps, ctx.tenant, { limit: input.limit })).map(toIncidentRow)),

  /** Marks the incident acknowledged (audited) and signals its response workflow. */
  acknowledge: tenantProcedure
    .input(z.object({ incidentId: z.uuid() }))
    .output(z.object({ incident: incidentSchema, changed: z.boolean(), signalled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const temporal = await temporalOf(ctx.deps);
      const result = await acknowledgeIncident({ db: ctx.deps.db, temporal }, ctx.tenant, { incidentId: input.incidentId });
      return { incident: toIncidentRow(result.incident), changed: result.changed, signalled: result.signalled };
    }),
});
