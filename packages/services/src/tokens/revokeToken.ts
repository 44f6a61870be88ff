import { isUuid } from "@vigil/db";
import { writeAudit } from "../audit/writeAudit";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { summarySelect, toSummary } from "./summary";
import type { TokenSummary } from "./summary";

/** Revokes a token of the context's tenant (idempotent). NOT_FOUND for another tenant's token. */
export async function revokeToken(deps: ServiceDeps, ctx: TenantContext, input: { tokenId: string }): Promise<TokenSummary> {
  if (!isUuid(input.tokenId)) throw new AppError("NOT_FOUND", "Token not found.");
  return deps.db.withTenant(ctx.tenantId, async (tx) => {
    const existing = await tx.apiToken.findFirst({ where: { id: input.tokenId, tenantId: ctx.tenantId }, select: summarySelect });
    if (!existing) throw new AppError("NOT_FOUND", "Token not found.");
    if (existing.revokedAt) return toSummary(existing);
    const row = await tx.apiToken.update({ where: { id: existing.id }, data: { revokedAt: new Date() }, select: summarySelect });
    await writeAudit(tx, {
      tenantId: ctx.tenantId,
      action: "token.revoked",
      actorUserId: ctx.userId ?? null,
      actorEmail: ctx.email ?? null,
      target: row.id,
      details: { name: row.name, prefix: row.prefix },
    });
    return toSummary(row);
  });
}
