import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseUrls } from "../testing";
import type { TestDatabase } from "../testing";
import { applyMigrations, defaultPaths } from "./migrations";

const urls = testDatabaseUrls(process.env);

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migrations (schema engine, wasm)", { timeout: 60_000 }, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ ...urls, migrate: false });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("applies every migration to an empty database, then nothing on a re-run", async () => {
    const first = await applyMigrations({ url: db.adminUrl });
    const onDisk = (await readdir(defaultPaths.migrations, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(onDisk.length).toBeGreaterThan(1);
    expect(first).toEqual(onDisk);
    expect(await applyMigrations({ url: db.adminUrl })).toEqual([]);

    const sql = await readFile(join(defaultPaths.migrations, "20261127000000_init", "migration.sql"));
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      db.adminUrl,
      "select migration_name, checksum, finished_at, rolled_back_at from _prisma_migrations order by migration_name",
    );
    expect(rows).toHaveLength(onDisk.length);
    expect(rows[0]?.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
    expect(rows[0]?.finished_at).toBeInstanceOf(Date);
    expect(rows[0]?.rolled_back_at).toBeNull();
  });

  it("creates the partitioned events table with daily partitions and a default partition", async () => {
    const parts = await query<{ name: string }>(
      db.adminUrl,
      "select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass",
    );
    const names = parts.map((p) => p.name);
    expect(names).toContain("events_default");
    const today = new Date().toISOString().slice(0, 10).replaceAll("-", "");
    expect(names).toContain(`events_p${today}`);
    expect(names.length).toBe(23);
    const created = await query<{ n: number }>(db.adminUrl, "select vigil_ensure_event_partitions(current_date, 3) as n");
    expect(created[0]?.n).toBe(0);
  });

  it("fails with the database's message and records nothing as applied when a migration is broken", async () => {
    const broken = await createTestDatabase({ ...urls, migrate: false });
    try {
      const dir = await mkdtemp(join(tmpdir(), "vigil-migrations-"));
      await mkdir(join(dir, "20260101000000_broken"));
      await writeFile(join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
      await writeFile(join(dir, "20260101000000_broken", "migration.sql"), "CREATE TABLE ok_table (id int);\nSELEC oops;\n");
      await expect(applyMigrations({ url: broken.adminUrl, migrationsDir: dir })).rejects.toThrow(/syntax error/);
      const tables = await query<{ n: string }>(broken.adminUrl, "select count(*) as n from pg_tables where tablename = 'ok_table'");
      expect(tables[0]?.n).toBe("0");
      const rows = await query<{ finished_at: Date | null }>(broken.adminUrl, "select finished_at from _prisma_migrations");
      expect(rows.every((r) => r.finished_at === null)).toBe(true);
    } finally {
      await broken.drop();
    }
  });
});
