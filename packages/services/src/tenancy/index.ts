export { listAccessibleTenants } from "./listAccessibleTenants";
export type { AccessibleTenant } from "./listAccessibleTenants";
export { assertTenantAccess } from "./assertTenantAccess";
export { requireRole, roleAtLeast } from "./roles";
export { checkIngestQuota, getIngestQuota, INGEST_QUOTA_BOUNDS, ingestQuotaAsOwner, ingestQuotaOverrides, setIngestQuota, setIngestQuotaAsOwner } from "./ingest-quota";
export type { IngestQuotaOverride } from "./ingest-quota";
