import type { ServiceDeps, TenantContext } from "../context";
import { summarySelect, toSummary } from "./summary";
import type { TokenSummary } from "./summary";

/** The tenant's tokens, newest first, revoked ones included (with revokedAt). No hashes. */
export async function listTokens(deps: ServiceDeps, ctx: TenantContext): Promise<TokenSummary[]> {
  const rows = await deps.db.withTenant(ctx.tenantId, (tx) =>
    tx.apiToken.findMany({ where: { tenantId: ctx.tenantId }, select: summarySelect, orderBy: { createdAt: "desc" } }),
  );
  return rows.map(toSummary);
}
