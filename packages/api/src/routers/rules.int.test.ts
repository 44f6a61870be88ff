// rules.* through the tRPC caller against a throwaway PostgreSQL: zod inputs, zip upload, roles,
// and that no procedure leaks or changes another tenant's rules.
import { deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { appRouter } from "../root";
import { createCallerFactory, createTRPCContext, type ApiSession } from "../trpc";

const RULE = `title: Alice's own rule
id: 7c0f6a51-40a2-4a8b-a8f5-0d2f4f0b9a11
logsource:
  product: test
detection:
  selection:
    event.action: alice-thing
  condition: selection
level: low
`;
const RULE_ID = "7c0f6a51-40a2-4a8b-a8f5-0d2f4f0b9a11";
const BUILTIN_ID = "58a65f58-baa4-47a7-b2d1-c09934341304"; // sensitive-file-access

let tdb: TestDatabase;
let db: Db;
let admin: Db;
const caller = (session: ApiSession | null) => createCallerFactory(appRouter)(createTRPCContext({ headers: new Headers(), session, deps: { db } }));
let alice: ApiSession;
let bob: ApiSession;

async function account(label: string): Promise<ApiSession> {
  const email = `${label}@rules.test`;
  const { tenantId } = await caller(null).auth.signUp({ organizationName: `${label} Corp`, name: label, email, password: "correct horse battery" });
  const { rows } = await admin.pool.query<{ id: string }>("select id from users where email = $1", [email]);
  return { user: { id: rows[0]!.id, email, tenantId } };
}

/** A one-entry deflated zip (the portal uploads zips as base64). */
function zipOf(path: string, text: string): string {
  const data = Buffer.from(text);
  const body = deflateRawSync(data);
  const name = Buffer.from(path);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + body.length, 16);
  return Buffer.concat([local, name, body, central, name, end]).toString("base64");
}

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 3 });
  admin = createDb({ url: tdb.adminUrl, max: 1 });
  alice = await account("alice");
  bob = await account("bob");
}, 60_000);
afterAll(async () => {
  await db?.close();
  await admin?.close();
  await tdb?.drop();
});

describe("rules router", { timeout: 60_000 }, () => {
  it("imports a zip for the tenant, lists it with its source level, versions it", async () => {
    const a = caller(alice);
    const result = await a.rules.import({ name: "alice-pack", zipBase64: zipOf("rules/mine.yml", RULE) });
    expect(result).toMatchObject({ unchanged: false, imported: 1, failed: [], pack: { scope: "TENANT", version: 1 } });
    const again = await a.rules.import({ name: "alice-pack", files: [{ path: "rules/mine.yml", yaml: RULE }] });
    expect(again).toMatchObject({ unchanged: true, pack: { version: 1 } });
    const list = await a.rules.list({});
    expect(list.rules.find((r) => r.ruleId === RULE_ID)).toMatchObject({ definedAt: "TENANT", pack: "alice-pack", enabled: { value: true, from: "rule" } });
    expect(list.rules.find((r) => r.ruleId === BUILTIN_ID)).toMatchObject({ definedAt: "GLOBAL", pack: "vigil-builtin" });
    expect(list.problems).toEqual([]);
    expect((await a.rules.versions({})).filter((v) => v.scope === "TENANT").map((v) => [v.name, v.version])).toEqual([["alice-pack", 1]]);
    expect((await a.rules.yaml({ ruleId: RULE_ID })).yaml).toBe(RULE);
  });

  it("disables and overrides at the tenant level, with the source shown", async () => {
    const a = caller(alice);
    await a.rules.setEnabled({ ruleId: BUILTIN_ID, enabled: false });
    await a.rules.override({ ruleId: RULE_ID, level: "high", exception: { "user.name": "svc" } });
    const list = await a.rules.list({});
    expect(list.rules.find((r) => r.ruleId === BUILTIN_ID)?.enabled).toEqual({ value: false, from: "TENANT" });
    expect(list.rules.find((r) => r.ruleId === RULE_ID)).toMatchObject({ level: { value: "high", from: "TENANT" }, exceptions: [{ scope: "TENANT", selection: { "user.name": "svc" } }] });
    expect((await a.rules.yaml({ ruleId: RULE_ID })).yaml).toMatch(/level: high/);
  });

  it("answers bad input clearly", async () => {
    const a = caller(alice);
    await expect(a.rules.import({ name: "x", files: [{ path: "a.yml", yaml: RULE }], zipBase64: "AA==" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(a.rules.import({ name: "x", zipBase64: Buffer.from("nope").toString("base64") })).rejects.toThrow(/zip: not a zip file/);
    await expect(a.rules.import({ name: "x", files: [{ path: "notes.txt", yaml: "hi" }] })).rejects.toThrow(/no \.yml or \.yaml rule file/);
    await expect(a.rules.override({ ruleId: RULE_ID })).rejects.toThrow(/at least one of level, status, exception/);
    await expect(a.rules.override({ ruleId: RULE_ID, level: "severe" as "high" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(a.rules.setEnabled({ ruleId: "missing", enabled: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A direct (non-MSSP) owner has no organization-wide membership: the organization level is refused.
    await expect(a.rules.setEnabled({ scope: "ORGANIZATION", ruleId: BUILTIN_ID, enabled: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller(null).rules.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(a.rules.setList({ name: "two words", values: ["x"] })).rejects.toThrow(/letters, digits/);
    await expect(a.rules.setList({ name: "Hosts", values: ["x".repeat(1001)] })).rejects.toThrow(/at most 1000 characters/);
    await expect(a.rules.deleteList({ name: "Missing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("saves, lists and deletes named lists", async () => {
    const a = caller(alice);
    const saved = await a.rules.setList({ name: "Workstations", values: ["ws-*", "laptop-?"], description: "Office machines" });
    expect(saved).toMatchObject({ name: "Workstations", values: ["ws-*", "laptop-?"], updatedBy: alice.user.email });
    expect((await a.rules.lists({})).lists.map((l) => l.name)).toEqual(["Workstations"]);
    await a.rules.setList({ name: "Temp", values: [] });
    await expect(a.rules.deleteList({ name: "Temp" })).resolves.toEqual({ ok: true });
    expect((await a.rules.lists({})).lists.map((l) => l.name)).toEqual(["Workstations"]);
  });

  it("no procedure reads or changes another tenant's rules", async () => {
    const b = caller(bob);
    const other = { tenantId: alice.user.tenantId! };
    await expect(b.rules.list(other)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(b.rules.versions(other)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(b.rules.yaml({ ...other, ruleId: RULE_ID })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(b.rules.import({ ...other, name: "evil", files: [{ path: "a.yml", yaml: RULE }] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(b.rules.setEnabled({ ...other, ruleId: BUILTIN_ID, enabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(b.rules.override({ ...other, ruleId: RULE_ID, level: "low" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(b.rules.lists(other)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(b.rules.setList({ ...other, name: "Workstations", values: ["evil"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(b.rules.deleteList({ ...other, name: "Workstations" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await b.rules.lists({})).lists).toEqual([]);
    await expect(b.rules.deleteList({ name: "Workstations" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await caller(alice).rules.lists({})).lists.map((l) => [l.name, l.values])).toEqual([["Workstations", ["ws-*", "laptop-?"]]]);
    // Bob's own view: built-in rules only, untouched by Alice's import, disable and override.
    const list = await b.rules.list({});
    expect(list.rules.some((r) => r.ruleId === RULE_ID)).toBe(false);
    expect(list.rules.find((r) => r.ruleId === BUILTIN_ID)?.enabled).toEqual({ value: true, from: "rule" });
    expect((await b.rules.versions({})).filter((v) => v.scope !== "GLOBAL")).toEqual([]);
    await expect(b.rules.yaml({ ruleId: RULE_ID })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // And Alice's settings are still hers.
    expect((await caller(alice).rules.list({})).rules.find((r) => r.ruleId === BUILTIN_ID)?.enabled).toEqual({ value: false, from: "TENANT" });
  });
});
