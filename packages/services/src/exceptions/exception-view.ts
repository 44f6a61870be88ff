// What callers see of an exception or snooze (no Prisma types past the service).
import type { AlertException } from "@vigil/db";
import { isUuid } from "@vigil/db";
import { AppError } from "../errors";
import { readConditions, type ExceptionCondition } from "./conditions";

export type ExceptionKind = "exception" | "snooze";

export interface ExceptionView {
  id: string;
  kind: ExceptionKind;
  ruleId: string | null;
  ruleTitle: string | null;
  conditions: ExceptionCondition[];
  reason: string;
  sourceAlertId: string | null;
  expiresAt: Date | null;
  /** False once expiresAt has passed (kept for its counts until deleted). */
  active: boolean;
  createdBy: string | null;
  createdAt: Date;
  suppressedCount: number;
  lastSuppressedAt: Date | null;
}

export function toExceptionView(row: AlertException, now: Date = new Date()): ExceptionView {
  return {
    id: row.id,
    kind: row.kind === "snooze" ? "snooze" : "exception",
    ruleId: row.ruleId,
    ruleTitle: row.ruleTitle,
    conditions: readConditions(row.conditions) ?? [],
    reason: row.reason,
    sourceAlertId: row.sourceAlertId,
    expiresAt: row.expiresAt,
    active: row.expiresAt === null || row.expiresAt > now,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    suppressedCount: Number(row.suppressedCount),
    lastSuppressedAt: row.lastSuppressedAt,
  };
}

export function assertUuid(value: string, field: string): void {
  if (!isUuid(value)) throw new AppError("BAD_REQUEST", `${field} must be a UUID`, { field });
}

export function actorOf(ctx: { email?: string; userId?: string }): string {
  return ctx.email?.toLowerCase() ?? ctx.userId ?? "unknown";
}
