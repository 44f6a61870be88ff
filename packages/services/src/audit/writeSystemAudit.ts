// Tenant-less audit rows (failed sign-ins, lockouts) go through the SECURITY DEFINER function
// vigil_audit_system: the application role cannot write rows outside its tenants otherwise.
import type { Prisma, Tx } from "@vigil/db";

export interface SystemAuditEntry {
  action: string;
  actorEmail?: string | null;
  actorUserId?: string | null;
  ip?: string | null;
  target?: string | null;
  details?: Prisma.InputJsonValue;
}

/** Appends one tenant-less row to audit_log; works in any transaction (withSystem or withTenant). */
export async function writeSystemAudit(tx: Tx, entry: SystemAuditEntry): Promise<void> {
  const details = JSON.stringify(entry.details ?? {});
  await tx.$queryRaw`select vigil_audit_system(
    ${entry.action}::text, ${entry.actorEmail ?? null}::text, ${entry.ip ?? null}::text,
    ${details}::jsonb, ${entry.actorUserId ?? null}::uuid, ${entry.target ?? null}::text)`;
}
