// npm run db:migrate [-- --create <name>]
// Applies pending migrations from prisma/migrations with Prisma's schema engine (WebAssembly build).
// Connects with DATABASE_ADMIN_URL (the migration owner), falling back to DATABASE_URL.
import { applyMigrations, createMigration } from "../src/migrate/migrations";

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

async function main(): Promise<number> {
  const url = process.env.DATABASE_ADMIN_URL || process.env.DATABASE_URL;
  if (!url) {
    console.error("db:migrate: set DATABASE_ADMIN_URL (or DATABASE_URL) to the database to migrate");
    return 2;
  }
  const verbose = process.argv.includes("--verbose");
  const log = verbose ? (line: string) => console.error(line) : undefined;
  const createAt = process.argv.indexOf("--create");
  if (createAt !== -1) {
    const name = process.argv[createAt + 1];
    if (!name || name.startsWith("--")) {
      console.error("db:migrate: --create needs a migration name, e.g. --create add_notes");
      return 2;
    }
    const created = await createMigration({ url, name, draft: process.argv.includes("--draft"), log });
    console.log(created ? `created prisma/migrations/${created}/migration.sql (review it, then run db:migrate)` : "schema.prisma matches the migrations: nothing to create");
    return 0;
  }
  const applied = await applyMigrations({ url, log });
  if (applied.length === 0) console.log("db:migrate: database is up to date, no pending migrations");
  for (const name of applied) console.log(`db:migrate: applied ${name}`);
  return 0;
}

main().then(
  (code) => process.exit(code), // the engine leaves a timer running: exit explicitly
  (error: unknown) => {
    console.error(`db:migrate failed: ${describe(error)}`);
    process.exit(1);
  },
);
