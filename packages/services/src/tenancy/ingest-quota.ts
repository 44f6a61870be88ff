// Per-tenant ingest quota overrides. A tenant without one gets the ingest process's default
// (VIGIL_TENANT_EVENTS_PER_SEC / VIGIL_TENANT_BYTES_PER_SEC). An MSSP's organization-wide
// administrators set them for their client tenants (so one noisy client cannot use the capacity the
// MSSP sized for all of them); the operator sets them for any tenant from the command line. Every
// ingest process re-reads the overrides (ingestQuotaOverrides) and applies them without a restart.
import type { Db, Tx } from "@vigil/db";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { writeAudit } from "../audit";

export interface IngestQuotaOverride {
  /** Events per second; null: the ingest default. */
  eventsPerSecond: number | null;
  /** Request bytes per second; null: the ingest default. */
  bytesPerSecond: number | null;
}

export const INGEST_QUOTA_BOUNDS = {
  eventsPerSecond: { min: 1, max: 10_000_000 },
  bytesPerSecond: { min: 1024, max: 2_000_000_000 },
} as const;

export function checkIngestQuota(quota: IngestQuotaOverride): IngestQuotaOverride {
  for (const key of ["eventsPerSecond", "bytesPerSecond"] as const) {
    const value = quota[key];
    const { min, max } = INGEST_QUOTA_BOUNDS[key];
    if (value !== null && (!Number.isInteger(value) || value < min || value > max)) {
      throw new AppError("BAD_REQUEST", `${key}: must be a whole number from ${min} to ${max} (or null for the default), not ${String(value)}`);
    }
  }
  return quota;
}

const SELECT = { ingestEventsPerSec: true, ingestBytesPerSec: true, organizationId: true } as const;

async function readOverride(tx: Tx, tenantId: string): Promise<IngestQuotaOverride & { organizationId: string }> {
  const row = await tx.tenant.findUnique({ where: { id: tenantId }, select: SELECT });
  if (!row) throw new AppError("NOT_FOUND", "Tenant not found.");
  return { eventsPerSecond: row.ingestEventsPerSec, bytesPerSecond: row.ingestBytesPerSec, organizationId: row.organizationId };
}

/** True when the user administers the tenant's MSSP organization (an org-wide OWNER or ADMIN membership). */
async function administersMssp(deps: ServiceDeps, organizationId: string, userId: string | undefined): Promise<boolean> {
  if (!userId) return false;
  const membership = await deps.db.withSystem((tx) =>
    tx.membership.findFirst({
      where: { userId, organizationId, tenantId: null, role: { in: ["OWNER", "ADMIN"] }, organization: { kind: "MSSP" }, user: { disabledAt: null } },
      select: { id: true },
    }),
  );
  return membership !== null;
}

/** The tenant's override, and whether this user may change it. */
export async function getIngestQuota(deps: ServiceDeps, ctx: TenantContext): Promise<IngestQuotaOverride & { canEdit: boolean }> {
  const { organizationId, ...quota } = await deps.db.withTenant(ctx.tenantId, (tx) => readOverride(tx, ctx.tenantId));
  return { ...quota, canEdit: await administersMssp(deps, organizationId, ctx.userId) };
}

async function write(tx: Tx, tenantId: string, quota: IngestQuotaOverride, actor: { userId?: string; email?: string; organizationId: string }): Promise<IngestQuotaOverride> {
  const { organizationId: _org, ...before } = await readOverride(tx, tenantId);
  await tx.tenant.update({ where: { id: tenantId }, data: { ingestEventsPerSec: quota.eventsPerSecond, ingestBytesPerSec: quota.bytesPerSecond } });
  await writeAudit(tx, {
    tenantId, action: "tenant.ingest_quota", organizationId: actor.organizationId,
    actorUserId: actor.userId ?? null, actorEmail: actor.email ?? null, target: tenantId,
    details: { before: { ...before }, after: { ...quota } },
  });
  return quota;
}

/** Sets (or, with nulls, clears) the tenant's override: only its MSSP's organization administrators may. */
export async function setIngestQuota(deps: ServiceDeps, ctx: TenantContext, quota: IngestQuotaOverride): Promise<IngestQuotaOverride> {
  checkIngestQuota(quota);
  return deps.db.withTenant(ctx.tenantId, async (tx) => {
    const { organizationId } = await readOverride(tx, ctx.tenantId);
    if (!(await administersMssp(deps, organizationId, ctx.userId))) {
      throw new AppError("FORBIDDEN", "Only the MSSP's organization administrators set a tenant's ingest quota.");
    }
    return write(tx, ctx.tenantId, quota, { userId: ctx.userId, email: ctx.email, organizationId });
  });
}

/**
 * The operator's path (command line, migration role): any tenant, by slug. Reads its override and
 * applies `change` (the fields given; null clears one) when there is one.
 */
export async function ingestQuotaAsOwner(
  ownerDb: Db, slug: string, change: Partial<IngestQuotaOverride> = {},
): Promise<{ tenantId: string; quota: IngestQuotaOverride; changed: boolean }> {
  // The migration role reads the tenants table past row-level security (no tenant is chosen yet).
  const { rows } = await ownerDb.pool.query<{ id: string; events: number | null; bytes: number | null }>(
    "SELECT id, ingest_events_per_sec AS events, ingest_bytes_per_sec AS bytes FROM tenants WHERE slug = $1", [slug],
  );
  const tenant = rows[0];
  if (!tenant) throw new AppError("NOT_FOUND", `There is no tenant with the slug "${slug}".`);
  const current = { eventsPerSecond: tenant.events, bytesPerSecond: tenant.bytes };
  if (change.eventsPerSecond === undefined && change.bytesPerSecond === undefined) return { tenantId: tenant.id, quota: current, changed: false };
  const next = checkIngestQuota({ ...current, ...change });
  const quota = await ownerDb.withTenant(tenant.id, async (tx) => {
    const { organizationId } = await readOverride(tx, tenant.id);
    return write(tx, tenant.id, next, { email: "operator (vigil tenants quota)", organizationId });
  });
  return { tenantId: tenant.id, quota, changed: true };
}

/** Sets (or, with nulls, clears) any tenant's override as the operator. */
export async function setIngestQuotaAsOwner(ownerDb: Db, slug: string, quota: IngestQuotaOverride): Promise<{ tenantId: string; quota: IngestQuotaOverride }> {
  checkIngestQuota(quota);
  const { tenantId, quota: set } = await ingestQuotaAsOwner(ownerDb, slug, quota);
  return { tenantId, quota: set };
}

interface OverrideRow {
  tenant_id: string;
  events_per_sec: number | null;
  bytes_per_sec: number | null;
}

/** Every tenant's override (ingest processes: they serve every tenant). */
export async function ingestQuotaOverrides(deps: ServiceDeps): Promise<Map<string, IngestQuotaOverride>> {
  const { rows } = await deps.db.pool.query<OverrideRow>("select tenant_id, events_per_sec, bytes_per_sec from vigil_ingest_quotas()");
  return new Map(rows.map((r) => [r.tenant_id, { eventsPerSecond: r.events_per_sec, bytesPerSecond: r.bytes_per_sec }]));
}
