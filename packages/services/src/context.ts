// Shared inputs of every use case: `async function verbNoun(deps: ServiceDeps, input)`.
import type { Db, Role } from "@vigil/db";

export interface ServiceDeps {
  db: Db;
}

export interface TenantContext {
  tenantId: string;
  userId?: string;
  email?: string;
  role?: Role;
}
