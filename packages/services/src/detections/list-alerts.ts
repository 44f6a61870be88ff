// The triage list: filters (status, severity, rule, disposition) and keyset pagination, newest
// activity first, within the caller's tenant (RLS).
import type { AlertDisposition, AlertStatus, Prisma, Severity } from "@vigil/db";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { alertViewSelect, assertAlertId, toAlertView, type AlertView } from "./alert-view";

export const MAX_ALERT_PAGE = 200;

export interface ListAlertsInput {
  status?: AlertStatus;
  severity?: Severity;
  /** Exact rule id, or part of the rule title (case-insensitive). */
  rule?: string;
  /** A disposition, or "NONE" for alerts nobody has triaged yet. */
  disposition?: AlertDisposition | "NONE";
  limit?: number;
  /** The last alert id of the previous page. */
  cursor?: string;
}

export interface AlertPage {
  items: AlertView[];
  nextCursor: string | null;
  /** Alerts matching the filters (all pages). */
  total: number;
}

function whereOf(input: ListAlertsInput): Prisma.AlertWhereInput {
  const where: Prisma.AlertWhereInput = {};
  if (input.status) where.status = input.status;
  if (input.severity) where.severity = input.severity;
  if (input.disposition) where.disposition = input.disposition === "NONE" ? null : input.disposition;
  const rule = input.rule?.trim();
  if (rule) where.OR = [{ ruleId: rule }, { ruleTitle: { contains: rule, mode: "insensitive" } }];
  return where;
}

export async function listAlerts(deps: ServiceDeps, ctx: TenantContext, input: ListAlertsInput = {}): Promise<AlertPage> {
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ALERT_PAGE) {
    throw new AppError("BAD_REQUEST", `limit must be an integer between 1 and ${MAX_ALERT_PAGE}`, { field: "limit" });
  }
  if (input.rule !== undefined && input.rule.length > 300) throw new AppError("BAD_REQUEST", "rule: at most 300 characters", { field: "rule" });
  if (input.cursor !== undefined) assertAlertId(input.cursor);
  const where = whereOf(input);
  return deps.db.withTenant(ctx.tenantId, async (tx) => {
    if (input.cursor && !(await tx.alert.findUnique({ where: { id: input.cursor }, select: { id: true } }))) {
      throw new AppError("BAD_REQUEST", "cursor: no such alert (start again from the first page)", { field: "cursor" });
    }
    const rows = await tx.alert.findMany({
      where,
      orderBy: [{ lastSeen: "desc" }, { id: "desc" }],
      take: limit + 1,
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      select: alertViewSelect,
    });
    const total = await tx.alert.count({ where });
    const page = rows.slice(0, limit);
    return { items: page.map(toAlertView), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null, total };
  });
}
