import { z } from "zod";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import type { EscalationPolicyView } from "./get-escalation-policy";

const policySchema = z.object({
  primaryEmail: z.string().trim().toLowerCase().pipe(z.email()),
  secondaryEmail: z.string().trim().toLowerCase().pipe(z.email()),
  ackTimeoutSeconds: z.number().int().min(1).max(86_400),
});

/** Creates or replaces the tenant's escalation policy. */
export async function setEscalationPolicy(deps: ServiceDeps, ctx: TenantContext, input: EscalationPolicyView): Promise<EscalationPolicyView> {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("BAD_REQUEST", `${issue?.path.join(".") ?? "policy"}: ${issue?.message ?? "invalid"}`, { issues: parsed.error.issues });
  }
  const data = parsed.data;
  return deps.db.withTenant(ctx.tenantId, (tx) =>
    tx.escalationPolicy.upsert({
      where: { tenantId: ctx.tenantId },
      create: { tenantId: ctx.tenantId, ...data },
      update: data,
      select: { primaryEmail: true, secondaryEmail: true, ackTimeoutSeconds: true },
    }),
  );
}
