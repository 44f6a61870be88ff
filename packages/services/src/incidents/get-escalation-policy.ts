import type { ServiceDeps } from "../context";

export interface EscalationPolicyView {
  primaryEmail: string;
  secondaryEmail: string;
  ackTimeoutSeconds: number;
}

/** The tenant's escalation policy, or null when none is configured. */
export async function getEscalationPolicy(deps: ServiceDeps, input: { tenantId: string }): Promise<EscalationPolicyView | null> {
  return deps.db.withTenant(input.tenantId, (tx) =>
    tx.escalationPolicy.findUnique({
      where: { tenantId: input.tenantId },
      select: { primaryEmail: true, secondaryEmail: true, ackTimeoutSeconds: true },
    }),
  );
}
