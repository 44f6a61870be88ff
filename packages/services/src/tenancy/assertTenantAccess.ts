// Guards every tenant-scoped request: the user's effective role in the tenant, or FORBIDDEN.
import { AppError } from "../errors";
import type { ServiceDeps } from "../context";
import type { Role } from "@vigil/db";
import { listAccessibleTenants } from "./listAccessibleTenants";

export async function assertTenantAccess(deps: ServiceDeps, userId: string, tenantId: string): Promise<Role> {
  const tenants = await listAccessibleTenants(deps, userId);
  const match = tenants.find((t) => t.tenantId === tenantId.toLowerCase());
  if (!match) throw new AppError("FORBIDDEN", "You do not have access to this tenant.");
  return match.role;
}
