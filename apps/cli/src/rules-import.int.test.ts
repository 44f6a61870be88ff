// `vigil rules import` as a child process against a throwaway PostgreSQL: a real zip (made by
// Debian's zip) and a directory, at the global and tenant levels, plus usage errors.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { signUp } from "@vigil/services/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/vigil.mjs", import.meta.url));
const RULE = (id: string, action: string) => `title: Rule ${action}\nid: ${id}\nlogsource:\n  product: test\ndetection:\n  selection:\n    event.action: ${action}\n  condition: selection\nlevel: medium\n`;
const BROKEN = "title: Broken\nid: broken-1\nlogsource: {}\ndetection:\n  selection:\n    a|nosuchmodifier: x\n  condition: selection\n";

let tdb: TestDatabase;
let db: Db;
let tenantSlug = "";
let tenantId = "";

function vigil(...args: string[]) {
  const env = { ...process.env, DATABASE_ADMIN_URL: tdb.adminUrl, DATABASE_URL: tdb.appUrl };
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pack(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "vigil-pack-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 2 });
  const account = await signUp({ db }, { email: "cli@example.test", password: "cli-password-1", name: "CLI", organizationName: "Cli Co" });
  tenantSlug = account.tenant.slug;
  tenantId = account.tenant.id;
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe("vigil rules import", { timeout: 60_000 }, () => {
  it("imports a zip at the global level, reports failed rules, and versions by content", () => {
    const dir = pack({ "sigma/a.yml": RULE("cli-rule-a", "alpha"), "sigma/b.yml": BROKEN, "README.md": "docs" });
    const zip = join(dir, "..", `${dir.split("/").pop() ?? "p"}.zip`);
    const z = spawnSync("zip", ["-qr", zip, "."], { cwd: dir });
    expect(z.status).toBe(0);
    const first = vigil("rules", "import", zip, "--scope", "global", "--name", "corp", "--json");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as { scope: string; version: number; imported: number; unchanged: boolean; failed: { file: string; reason: string }[] };
    expect(report).toMatchObject({ scope: "GLOBAL", version: 1, imported: 1, unchanged: false });
    expect(report.failed).toEqual([{ file: "sigma/b.yml", reason: expect.stringMatching(/nosuchmodifier/) }]);
    const again = vigil("rules", "import", zip, "--scope", "global", "--name", "corp");
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/global pack "corp" v1 unchanged/);
  });

  it("imports a directory for a tenant (by slug), visible in that tenant's transaction", async () => {
    const dir = pack({ "x.yml": RULE("cli-rule-x", "xray") });
    const r = vigil("rules", "import", dir, "--scope", "tenant", "--tenant", tenantSlug, "--name", "mine");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/tenant pack "mine" v1 imported as a new version: 1 rules, 0 failed/);
    const rows = await db.withTenantClient(tenantId, async (c) => (await c.query<{ rule_id: string; scope: string }>("SELECT r.rule_id, p.scope FROM rule_pack_rules r JOIN rule_packs p ON p.id = r.pack_id ORDER BY 1")).rows);
    expect(rows).toEqual([{ rule_id: "cli-rule-a", scope: "GLOBAL" }, { rule_id: "cli-rule-x", scope: "TENANT" }]);
  });

  it("answers bad usage with exit code 1 and a message", () => {
    const dir = pack({ "x.yml": RULE("cli-rule-y", "yankee") });
    expect(vigil("rules", "import", dir).stderr).toMatch(/needs --scope/);
    expect(vigil("rules", "import", dir, "--scope", "tenant").stderr).toMatch(/needs --tenant/);
    const unknown = vigil("rules", "import", dir, "--scope", "tenant", "--tenant", "no-such-tenant");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/tenant "no-such-tenant" not found/);
    expect(vigil("rules", "import", "/nonexistent", "--scope", "global").stderr).toMatch(/not found/);
    const notZip = join(pack({ "a.txt": "x" }), "bad.zip");
    writeFileSync(notZip, "this is not a zip");
    const bad = vigil("rules", "import", notZip, "--scope", "global");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/zip: not a zip file/);
  });
});
