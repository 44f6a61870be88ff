import { isUuid } from "@vigil/db";
import { writeAudit } from "../audit";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { assertUuid } from "./exception-view";

/** Removes an exception or snooze (audited with what it had suppressed); NOT_FOUND for another tenant's. */
export async function deleteException(deps: ServiceDeps, ctx: TenantContext, input: { exceptionId: string }): Promise<{ deleted: true }> {
  assertUuid(input.exceptionId, "exceptionId");
  return deps.db.withTenant(ctx.tenantId, async (tx) => {
    const row = await tx.alertException.findUnique({ where: { id: input.exceptionId } });
    if (!row) throw new AppError("NOT_FOUND", `exception ${input.exceptionId} not found`, { exceptionId: input.exceptionId });
    await tx.alertException.delete({ where: { id: row.id } });
    await writeAudit(tx, {
      tenantId: ctx.tenantId, actorUserId: isUuid(ctx.userId) ? ctx.userId : null, actorEmail: ctx.email ?? null,
      action: `${row.kind}.delete`, target: `exception:${row.id}`,
      details: { ruleId: row.ruleId, conditions: row.conditions ?? [], suppressedCount: Number(row.suppressedCount) },
    });
    return { deleted: true as const };
  });
}
