export { listAccessibleTenants } from "./listAccessibleTenants";
export type { AccessibleTenant } from "./listAccessibleTenants";
export { assertTenantAccess } from "./assertTenantAccess";
export { requireRole, roleAtLeast } from "./roles";
