// Who may change which level, and the transactions rule management runs in.
import type { Db } from "@vigil/db";
import { withClientTransaction } from "@vigil/db";
import type { ServiceDeps, TenantContext } from "../context";
import { writeClientAudit } from "../audit/writeClientAudit";
import { AppError } from "../errors";
import { requireRole } from "../tenancy/roles";
import type { RuleOwner, SqlClient } from "./store";
import { tenantOrganization } from "./store";
import type { RuleScope } from "./types";

/** The levels a portal user may write: their tenant's, or their organization's (MSSP staff). */
export type WritableScope = Exclude<RuleScope, "GLOBAL">;

/**
 * The owner row of `scope` for the context's tenant, after checking the role: TENANT needs ADMIN
 * in the tenant; ORGANIZATION needs an organization-wide ADMIN or OWNER membership (it changes
 * every tenant of the organization at once).
 */
export async function writableOwner(deps: ServiceDeps, client: SqlClient, ctx: TenantContext, scope: WritableScope): Promise<RuleOwner & { organizationId: string }> {
  const organizationId = await tenantOrganization(client, ctx.tenantId);
  if (!organizationId) throw new AppError("NOT_FOUND", "Tenant not found.");
  if (scope === "TENANT") {
    requireRole(ctx.role, "ADMIN");
    return { scope, organizationId, tenantId: ctx.tenantId };
  }
  const userId = ctx.userId;
  const orgAdmin = userId
    ? await deps.db.withSystem((tx) => tx.membership.findFirst({ where: { userId, organizationId, tenantId: null, role: { in: ["OWNER", "ADMIN"] } }, select: { id: true } }))
    : null;
  if (!orgAdmin) throw new AppError("FORBIDDEN", "Changing the organization's rules needs an organization-wide ADMIN membership.");
  return { scope, organizationId, tenantId: null };
}

/** Owner's (migration role) transaction on a raw connection: GLOBAL writes, command line. RLS does not apply. */
export async function withOwnerClient<T>(ownerDb: Db, fn: (client: SqlClient) => Promise<T>): Promise<T> {
  return withClientTransaction(ownerDb.pool, fn);
}

export async function audit(client: SqlClient, ctx: TenantContext, organizationId: string | null, action: string, target: string, details: object): Promise<void> {
  await writeClientAudit(client, ctx, { organizationId, action, target, details });
}
