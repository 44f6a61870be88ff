// An analyst's verdict on an alert: recorded with who and when, audited, and the alert closes
// (new matches then open a fresh alert instead of folding into a judged one). A false positive
// comes back with a proposed exception the analyst can edit and accept.
import type { AlertDisposition } from "@vigil/db";
import { isUuid } from "@vigil/db";
import { writeAudit } from "../audit";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { proposalFor, type ExceptionProposal } from "../exceptions/propose-exception";
import { alertNotFound, alertViewSelect, assertAlertId, DISPOSITIONS, toAlertView, type AlertView } from "./alert-view";

export const MAX_NOTE_LENGTH = 2000;

export interface SetDispositionInput {
  alertId: string;
  disposition: AlertDisposition;
  note?: string;
}

export interface SetDispositionResult {
  alert: AlertView;
  /** Present for FALSE_POSITIVE: the exception that would stop this alert coming back. */
  proposal: ExceptionProposal | null;
}

export async function setDisposition(deps: ServiceDeps, ctx: TenantContext, input: SetDispositionInput): Promise<SetDispositionResult> {
  assertAlertId(input.alertId);
  if (!(DISPOSITIONS as readonly string[]).includes(input.disposition)) {
    throw new AppError("BAD_REQUEST", `disposition must be one of ${DISPOSITIONS.join(", ")}`, { field: "disposition" });
  }
  const note = input.note?.trim() ?? "";
  if (note.length > MAX_NOTE_LENGTH) throw new AppError("BAD_REQUEST", `note: at most ${MAX_NOTE_LENGTH} characters`, { field: "note" });
  const by = ctx.email?.toLowerCase() ?? ctx.userId ?? "unknown";

  return deps.db.withTenant(ctx.tenantId, async (tx) => {
    const current = await tx.alert.findUnique({ where: { id: input.alertId }, select: { ...alertViewSelect } });
    if (!current) throw alertNotFound(input.alertId);
    const row = await tx.alert.update({
      where: { id: input.alertId },
      data: { disposition: input.disposition, dispositionNote: note || null, dispositionBy: by, dispositionAt: new Date(), status: "CLOSED" },
      select: alertViewSelect,
    });
    await writeAudit(tx, {
      tenantId: ctx.tenantId, actorUserId: isUuid(ctx.userId) ? ctx.userId : null, actorEmail: ctx.email ?? null,
      action: "alert.disposition", target: `alert:${input.alertId}`,
      details: { disposition: input.disposition, previous: current.disposition, previousStatus: current.status, note, ruleId: current.ruleId },
    });
    const proposal = input.disposition === "FALSE_POSITIVE" ? proposalFor(row) : null;
    return { alert: toAlertView(row), proposal };
  });
}
