// Stores an exception (accepted proposal, or one written by hand) or a snooze, audited.
import { isUuid } from "@vigil/db";
import { z } from "zod";
import { writeAudit } from "../audit";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { conditionSchema, MAX_CONDITIONS, type ExceptionCondition } from "./conditions";
import { actorOf, toExceptionView, type ExceptionKind, type ExceptionView } from "./exception-view";

/** A snooze is for a while: at most 90 days (an exception without end is the permanent tool). */
export const MAX_SNOOZE_MS = 90 * 24 * 60 * 60_000;

export interface AcceptExceptionInput {
  kind?: ExceptionKind;
  /** null: every rule of the tenant (then at least one condition is required). */
  ruleId: string | null;
  ruleTitle?: string | null;
  conditions: ExceptionCondition[];
  reason?: string;
  sourceAlertId?: string | null;
  expiresAt?: Date | null;
}

const inputSchema = z
  .object({
    kind: z.enum(["exception", "snooze"]).default("exception"),
    ruleId: z.string().trim().min(1).max(200).nullable(),
    ruleTitle: z.string().trim().max(300).nullish(),
    conditions: z.array(conditionSchema).max(MAX_CONDITIONS, `at most ${MAX_CONDITIONS} conditions`),
    reason: z.string().trim().max(1000).default(""),
    sourceAlertId: z.string().nullish(),
    expiresAt: z.date().nullish(),
  })
  .refine((i) => i.ruleId !== null || i.conditions.length > 0, { message: "an exception for every rule needs at least one condition", path: ["conditions"] })
  .refine((i) => i.kind !== "snooze" || (i.expiresAt !== null && i.expiresAt !== undefined), { message: "a snooze needs an end (expiresAt)", path: ["expiresAt"] });

function badRequest(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const where = issue?.path.join(".") || "exception";
  return new AppError("BAD_REQUEST", `${where}: ${issue?.message ?? "invalid"}`, { issues: error.issues });
}

export async function acceptException(deps: ServiceDeps, ctx: TenantContext, input: AcceptExceptionInput, now: Date = new Date()): Promise<ExceptionView> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error);
  const data = parsed.data;
  if (data.sourceAlertId && !isUuid(data.sourceAlertId)) throw new AppError("BAD_REQUEST", "sourceAlertId must be a UUID", { field: "sourceAlertId" });
  if (data.expiresAt && data.expiresAt <= now) throw new AppError("BAD_REQUEST", "expiresAt: must be in the future", { field: "expiresAt" });
  if (data.kind === "snooze" && data.expiresAt && data.expiresAt.getTime() - now.getTime() > MAX_SNOOZE_MS) {
    throw new AppError("BAD_REQUEST", "expiresAt: a snooze lasts at most 90 days", { field: "expiresAt" });
  }
  const by = actorOf(ctx);
  return deps.db.withTenant(ctx.tenantId, async (tx) => {
    if (data.sourceAlertId) {
      const alert = await tx.alert.findUnique({ where: { id: data.sourceAlertId }, select: { id: true } });
      if (!alert) throw new AppError("NOT_FOUND", `alert ${data.sourceAlertId} not found`, { field: "sourceAlertId" });
    }
    const row = await tx.alertException.create({
      data: {
        tenantId: ctx.tenantId, kind: data.kind, ruleId: data.ruleId, ruleTitle: data.ruleTitle ?? null,
        conditions: data.conditions.map((c) => ({ ...c })), reason: data.reason, sourceAlertId: data.sourceAlertId ?? null,
        expiresAt: data.expiresAt ?? null, createdBy: by,
      },
    });
    await writeAudit(tx, {
      tenantId: ctx.tenantId, actorUserId: isUuid(ctx.userId) ? ctx.userId : null, actorEmail: ctx.email ?? null,
      action: `${data.kind}.create`, target: `exception:${row.id}`,
      details: { ruleId: data.ruleId, conditions: data.conditions.map((c) => ({ ...c })), expiresAt: data.expiresAt?.toISOString() ?? null, reason: data.reason },
    });
    return toExceptionView(row, now);
  });
}
