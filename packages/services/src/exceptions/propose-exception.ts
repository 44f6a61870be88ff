// False positive -> a proposed exception: the alert's rule, narrowed to what identifies this
// activity. A correlation's group key (its group-by values) says what the match is about; for a
// match without one, each entity kind holding exactly one value becomes an `equals` condition.
import type { Tx } from "@vigil/db";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { readEntities } from "../detections/entities";
import { ENTITY_FIELDS, groupKeyFields, type ExceptionCondition } from "./conditions";
import { assertUuid } from "./exception-view";

export interface ExceptionProposal {
  ruleId: string;
  ruleTitle: string;
  conditions: ExceptionCondition[];
  sourceAlertId: string;
  reason: string;
}

export function proposalFor(alert: { id: string; ruleId: string; ruleTitle: string; groupKey: string; entities: unknown; dispositionNote?: string | null }): ExceptionProposal {
  let conditions: ExceptionCondition[] = groupKeyFields(alert.groupKey).map(([field, value]) => ({ field, op: "equals", value }));
  if (conditions.length === 0) {
    const entities = readEntities(alert.entities);
    conditions = Object.entries(ENTITY_FIELDS).flatMap(([field, kind]) => {
      const values = entities[kind];
      return values.length === 1 && values[0] ? [{ field, op: "equals" as const, value: values[0] }] : [];
    });
  }
  return {
    ruleId: alert.ruleId, ruleTitle: alert.ruleTitle, conditions, sourceAlertId: alert.id,
    reason: alert.dispositionNote?.trim() || `False positive (alert ${alert.id.slice(0, 8)})`,
  };
}

export async function proposalForAlert(tx: Tx, alertId: string): Promise<ExceptionProposal> {
  const alert = await tx.alert.findUnique({ where: { id: alertId } });
  if (!alert) throw new AppError("NOT_FOUND", `alert ${alertId} not found`, { alertId });
  return proposalFor(alert);
}

/** The proposal for an alert of the caller's tenant (NOT_FOUND for another tenant's: RLS). */
export async function proposeException(deps: ServiceDeps, ctx: TenantContext, input: { alertId: string }): Promise<ExceptionProposal> {
  assertUuid(input.alertId, "alertId");
  return deps.db.withTenant(ctx.tenantId, (tx) => proposalForAlert(tx, input.alertId));
}
