// For integration tests: a throwaway database, migrated from zero, dropped afterwards.
// Reads DATABASE_ADMIN_URL (superuser) and DATABASE_URL (role vigil_app) from the caller.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../migrate/migrations";

export interface TestDatabase {
  name: string;
  /** Superuser URL of the throwaway database. */
  adminUrl: string;
  /** vigil_app URL of the throwaway database (same credentials as DATABASE_URL). */
  appUrl: string;
  drop(): Promise<void>;
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates `vigil_test_<random>`; migrates it unless `migrate: false`. */
export async function createTestDatabase(opts: { adminUrl: string; appUrl: string; migrate?: boolean }): Promise<TestDatabase> {
  const name = `vigil_test_${randomBytes(6).toString("hex")}`;
  await admin(opts.adminUrl, `CREATE DATABASE "${name}"`);
  const db: TestDatabase = {
    name,
    adminUrl: withDatabaseName(opts.adminUrl, name),
    appUrl: withDatabaseName(opts.appUrl, name),
    drop: () => admin(opts.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
  if (opts.migrate !== false) {
    try {
      await applyMigrations({ url: db.adminUrl });
    } catch (error) {
      await db.drop();
      throw error;
    }
  }
  return db;
}

/** DATABASE_ADMIN_URL and DATABASE_URL from an env object, or a clear error. */
export function testDatabaseUrls(env: Record<string, string | undefined>): { adminUrl: string; appUrl: string } {
  const adminUrl = env.DATABASE_ADMIN_URL;
  const appUrl = env.DATABASE_URL;
  if (!adminUrl || !appUrl) {
    throw new Error("integration tests need DATABASE_ADMIN_URL (superuser) and DATABASE_URL (vigil_app): run them through `npm test`, or run `npm run services` and export the lines it prints");
  }
  return { adminUrl, appUrl };
}
