export { applyMigrations, createMigration, listMigrations, defaultPaths } from "./migrations";
export type { MigrateOptions } from "./migrations";
