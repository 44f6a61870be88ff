// The privileged connection that runs retention. Retention drops partitions and deletes across
// tenants, which the application role (vigil_app) must never be able to do: the SQL functions are
// executable only by vigil_maintenance (see migration 20261128000200), so this connects with
// DATABASE_ADMIN_URL (a member of vigil_maintenance in production, the superuser in development).
import { createDb, type Db } from "@vigil/db";
import { readEnv } from "@vigil/env";

export interface MaintenanceDeps {
  /** A Db opened with DATABASE_ADMIN_URL. Only its raw pool is used (no tenant context). */
  maintenanceDb: Db;
}

export class MaintenanceConfigError extends Error {
  constructor() {
    super("retention needs DATABASE_ADMIN_URL (a role that is a member of vigil_maintenance); it is not set");
    this.name = "MaintenanceConfigError";
  }
}

/** Opens the maintenance connection from the environment (small pool: one job at a time). */
export function createMaintenanceDb(env?: NodeJS.ProcessEnv): Db {
  const url = readEnv("database", env).DATABASE_ADMIN_URL;
  if (!url) throw new MaintenanceConfigError();
  return createDb({ url, max: 2 });
}
