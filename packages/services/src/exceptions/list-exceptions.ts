import type { ServiceDeps, TenantContext } from "../context";
import { toExceptionView, type ExceptionView } from "./exception-view";

export const MAX_EXCEPTIONS_LISTED = 500;

/** The tenant's exceptions and snoozes, active ones first, newest first (RLS-scoped). */
export async function listExceptions(deps: ServiceDeps, ctx: TenantContext, now: Date = new Date()): Promise<ExceptionView[]> {
  const rows = await deps.db.withTenant(ctx.tenantId, (tx) =>
    tx.alertException.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MAX_EXCEPTIONS_LISTED }),
  );
  const views = rows.map((r) => toExceptionView(r, now));
  return [...views.filter((v) => v.active), ...views.filter((v) => !v.active)];
}
