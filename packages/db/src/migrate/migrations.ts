// Applies (and creates) standard Prisma migrations through the schema engine: the same
// `prisma/migrations/<timestamp>_<name>/migration.sql` folder and `_prisma_migrations` table
// as `prisma migrate deploy|dev`, so the official CLI can take over where its binary exists.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import { openSchemaEngine } from "./engine";
import type { EngineLog } from "./engine";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const defaultPaths = {
  schema: join(repoRoot, "prisma", "schema.prisma"),
  migrations: join(repoRoot, "prisma", "migrations"),
};

export interface MigrateOptions {
  url: string;
  schemaPath?: string;
  migrationsDir?: string;
  log?: EngineLog;
}

const noFilters = { externalTables: [], externalEnums: [] };

export async function listMigrations(baseDir: string): Promise<MigrationList> {
  const lockPath = join(baseDir, "migration_lock.toml");
  const entries = existsSync(baseDir) ? await readdir(baseDir, { withFileTypes: true }) : [];
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (name) => {
      const file = join(baseDir, name, "migration.sql");
      const content = existsSync(file)
        ? { tag: "ok" as const, value: await readFile(file, "utf8") }
        : { tag: "error" as const, value: `missing ${file}` };
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

async function withEngine<T>(opts: MigrateOptions, fn: (engine: SchemaEngine, list: MigrationList, schema: { path: string; content: string }) => Promise<T>): Promise<T> {
  const schemaPath = opts.schemaPath ?? defaultPaths.schema;
  const schema = { path: schemaPath, content: await readFile(schemaPath, "utf8") };
  const list = await listMigrations(opts.migrationsDir ?? defaultPaths.migrations);
  const open = await openSchemaEngine(opts.url, schema, opts.log);
  try {
    return await fn(open.engine, list, schema);
  } finally {
    await open.close();
  }
}

/** Applies every pending migration (under the engine's advisory lock). Returns the applied names. */
export async function applyMigrations(opts: MigrateOptions): Promise<string[]> {
  return withEngine(opts, async (engine, migrationsList) => {
    const out = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return out.appliedMigrationNames;
  });
}

/**
 * Writes a new migration folder with the SQL that takes the migrations' schema to schema.prisma
 * (like `prisma migrate dev --create-only`). Returns the folder name, or null when nothing changed.
 */
export async function createMigration(opts: MigrateOptions & { name: string; draft?: boolean }): Promise<string | null> {
  return withEngine(opts, async (engine, migrationsList, schema) => {
    const diagnostic = await engine.devDiagnostic({ migrationsList, filters: noFilters });
    if (diagnostic.action.tag === "reset") {
      throw new Error(`the database has drifted from the migrations; reset it first: ${diagnostic.action.reason}`);
    }
    const out = await engine.createMigration({
      draft: opts.draft ?? false,
      migrationName: opts.name,
      migrationsList,
      schema: { files: [schema] },
      filters: noFilters,
    });
    if (out.migrationScript === null) return null;
    const dir = join(migrationsList.baseDir, out.generatedMigrationName);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `migration.${out.extension}`), out.migrationScript);
    const lockPath = join(migrationsList.baseDir, "migration_lock.toml");
    if (!existsSync(lockPath)) await writeFile(lockPath, `provider = "${out.connectorType}"\n`);
    return out.generatedMigrationName;
  });
}
