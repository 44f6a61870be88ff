// The same audit row as writeAudit, for use cases that run on a raw pg client inside the tenant's
// transaction (rule management, dead-letter re-parsing): it commits or rolls back with their work.
import type { TenantContext } from "../context";

interface QueryClient {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

export async function writeClientAudit(
  client: QueryClient, ctx: TenantContext, entry: { organizationId?: string | null; action: string; target?: string | null; details: object },
): Promise<void> {
  await client.query(
    "INSERT INTO audit_log (tenant_id, organization_id, actor_user_id, actor_email, action, target, details) VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7::jsonb)",
    [ctx.tenantId, entry.organizationId ?? null, ctx.userId ?? null, ctx.email?.toLowerCase() ?? null, entry.action, entry.target ?? null, JSON.stringify(entry.details)],
  );
}
