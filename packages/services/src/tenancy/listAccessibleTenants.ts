// Which tenants a user may enter: tenant memberships plus, for org-wide memberships (MSSP staff),
// every tenant of that organization. Resolved by the SECURITY DEFINER function vigil_user_tenants,
// because the tenants table is hidden by row-level security until a tenant is chosen.
import { isUuid } from "@vigil/db";
import type { OrganizationKind, Role } from "@vigil/db";
import type { ServiceDeps } from "../context";

export interface AccessibleTenant {
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  organizationId: string;
  organizationName: string;
  organizationKind: OrganizationKind;
  role: Role;
  /** "tenant": a membership on the tenant itself; "organization": an org-wide membership. */
  via: "tenant" | "organization";
}

interface Row {
  tenant_id: string;
  tenant_name: string;
  tenant_slug: string;
  organization_id: string;
  organization_name: string;
  organization_kind: OrganizationKind;
  role: Role;
  via: "tenant" | "organization";
}

export async function listAccessibleTenants(deps: ServiceDeps, userId: string): Promise<AccessibleTenant[]> {
  if (!isUuid(userId)) return [];
  const rows = await deps.db.withSystem((tx) => tx.$queryRaw<Row[]>`select * from vigil_user_tenants(${userId}::uuid)`);
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    tenantName: r.tenant_name,
    tenantSlug: r.tenant_slug,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    organizationKind: r.organization_kind,
    role: r.role,
    via: r.via,
  }));
}
