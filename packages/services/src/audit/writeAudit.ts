// Audit rows are written inside the caller's tenant transaction, so they commit or roll back with it.
import type { Prisma, Tx } from "@vigil/db";

export interface AuditEntry {
  tenantId: string;
  action: string;
  organizationId?: string | null;
  actorUserId?: string | null;
  actorEmail?: string | null;
  target?: string | null;
  ip?: string | null;
  details?: Prisma.InputJsonValue;
}

/** Appends one row to audit_log. `tx` must be a withTenant transaction that includes entry.tenantId. */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      tenantId: entry.tenantId,
      action: entry.action,
      organizationId: entry.organizationId ?? null,
      actorUserId: entry.actorUserId ?? null,
      actorEmail: entry.actorEmail?.toLowerCase() ?? null,
      target: entry.target ?? null,
      ip: entry.ip ?? null,
      details: entry.details ?? {},
    },
  });
}
