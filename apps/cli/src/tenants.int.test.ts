// `vigil tenants quota` as a child process against a throwaway PostgreSQL: print, set, clear a
// tenant's ingest quota override, what ingest then reads, and usage errors.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { signUp } from "@vigil/services/accounts";
import { ingestQuotaOverrides } from "@vigil/services/tenancy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/vigil.mjs", import.meta.url));
let tdb: TestDatabase;
let db: Db;
let slug = "";
let tenantId = "";
let otherId = "";

function vigil(...args: string[]) {
  const env = { ...process.env, DATABASE_ADMIN_URL: tdb.adminUrl, DATABASE_URL: tdb.appUrl };
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 2 });
  const account = await signUp({ db }, { email: "quota@example.test", password: "quota-password-1", name: "Q", organizationName: "Quota Co" });
  const other = await signUp({ db }, { email: "other@example.test", password: "other-password-1", name: "O", organizationName: "Other Co" });
  [slug, tenantId, otherId] = [account.tenant.slug, account.tenant.id, other.tenant.id];
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe("vigil tenants quota", { timeout: 60_000 }, () => {
  it("prints, sets and clears a tenant's override; ingest reads it for that tenant only", async () => {
    expect(vigil("tenants", "quota", slug).stdout).toBe(`${slug}: events/s default, bytes/s default\n`);
    const set = vigil("tenants", "quota", slug, "--events-per-sec", "2000", "--json");
    expect(set.stderr).toBe("");
    expect(JSON.parse(set.stdout)).toEqual({ tenant: slug, tenantId, eventsPerSecond: 2000, bytesPerSecond: null, changed: true });
    expect(vigil("tenants", "quota", slug, "--bytes-per-sec", "1048576").stdout).toMatch(/events\/s 2000, bytes\/s 1048576 \(set;/);
    expect(await ingestQuotaOverrides({ db })).toEqual(new Map([[tenantId, { eventsPerSecond: 2000, bytesPerSecond: 1048576 }]]));
    expect((await ingestQuotaOverrides({ db })).has(otherId)).toBe(false);
    expect(await db.withTenant(tenantId, (tx) => tx.auditLog.count({ where: { action: "tenant.ingest_quota" } }))).toBe(2);
    expect(await db.withTenant(otherId, (tx) => tx.auditLog.count({ where: { action: "tenant.ingest_quota" } }))).toBe(0);
    expect(vigil("tenants", "quota", slug, "--events-per-sec", "default", "--bytes-per-sec", "default").stdout).toMatch(/events\/s default, bytes\/s default/);
    expect(await ingestQuotaOverrides({ db })).toEqual(new Map());
  });

  it("answers bad usage with exit code 1 and a message, changing nothing", async () => {
    const cases: [string[], RegExp][] = [
      [["tenants"], /tenants needs a command: quota/],
      [["tenants", "quota"], /exactly one tenant slug/],
      [["tenants", "quota", "no-such-tenant"], /no tenant with the slug "no-such-tenant"/],
      [["tenants", "quota", slug, "--events-per-sec", "fast"], /--events-per-sec needs a whole number or "default", not "fast"/],
      [["tenants", "quota", slug, "--events-per-sec", "0"], /eventsPerSecond: must be a whole number from 1 to 10000000/],
      [["tenants", "quota", slug, "--bytes-per-sec", "10"], /bytesPerSecond: must be a whole number from 1024/],
      [["tenants", "quota", slug, "--events-per-sec"], /--events-per-sec needs a value/],
    ];
    for (const [args, message] of cases) {
      const r = vigil(...args);
      expect([r.code, r.stderr]).toEqual([1, expect.stringMatching(message)]);
    }
    expect(await ingestQuotaOverrides({ db })).toEqual(new Map());
  });
});
