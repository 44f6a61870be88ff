// Tenant ids travel into SQL as the transaction-local setting app.tenant_ids; validate them first.

export const APP_ROLE = "vigil_app";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InvalidTenantIdError extends Error {
  constructor(readonly value: unknown) {
    super(`invalid tenant id: ${JSON.stringify(value)}`);
    this.name = "InvalidTenantIdError";
  }
}

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** Validates and normalizes tenant ids into the comma-separated form read by vigil_current_tenants(). */
export function tenantSetting(tenantIds: string | readonly string[]): string {
  const list = typeof tenantIds === "string" ? [tenantIds] : tenantIds;
  if (!Array.isArray(list)) throw new InvalidTenantIdError(tenantIds);
  const out = new Set<string>();
  for (const id of list) {
    if (!isUuid(id)) throw new InvalidTenantIdError(id);
    out.add(id.toLowerCase());
  }
  return [...out].join(",");
}

/** One round trip: switch to the application role and set the tenants, both for this transaction only. */
export const CONTEXT_SQL = "select set_config('role', $1, true), set_config('app.tenant_ids', $2, true)";
