// What callers see of an alert in the triage views (no Prisma types past the service).
import type { AlertDisposition, AlertStatus, Severity } from "@vigil/db";
import type { Entities } from "@vigil/detection";
import { isUuid } from "@vigil/db";
import { AppError } from "../errors";
import { readEntities } from "./entities";

export const DISPOSITIONS = ["TRUE_POSITIVE", "BENIGN", "FALSE_POSITIVE"] as const satisfies readonly AlertDisposition[];

export interface AlertView {
  id: string;
  ruleId: string;
  ruleTitle: string;
  severity: Severity;
  status: AlertStatus;
  tactics: string[];
  techniques: string[];
  entities: Entities;
  groupKey: string;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  createdAt: Date;
  incidentId: string | null;
  disposition: AlertDisposition | null;
  dispositionNote: string | null;
  dispositionBy: string | null;
  dispositionAt: Date | null;
}

export const alertViewSelect = {
  id: true, ruleId: true, ruleTitle: true, severity: true, status: true, tactics: true, techniques: true, entities: true,
  groupKey: true, count: true, firstSeen: true, lastSeen: true, createdAt: true, incidentId: true,
  disposition: true, dispositionNote: true, dispositionBy: true, dispositionAt: true,
} as const;

type SelectedAlert = Omit<AlertView, "entities"> & { entities: unknown };

export function toAlertView(row: SelectedAlert): AlertView {
  return { ...row, entities: readEntities(row.entities) };
}

export function assertAlertId(alertId: string): void {
  if (!isUuid(alertId)) throw new AppError("BAD_REQUEST", "alertId must be a UUID", { field: "alertId" });
}

export function alertNotFound(alertId: string): AppError {
  return new AppError("NOT_FOUND", `alert ${alertId} not found`, { alertId });
}
