// hunts.run through the tRPC caller against PostgreSQL: a tenant hunts its own events only,
// bad rules and ranges are BAD_REQUEST with the reason, and a non-member is refused.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@vigil/db";
import { storeEvents } from "@vigil/services/events";
import type { VigilEvent } from "@vigil/schema";
import { authRouter } from "./auth";
import { huntsRouter } from "./hunts";
import { createCallerFactory, createTRPCContext, createTRPCRouter, type ApiSession } from "../trpc";

// Composed here so the test does not depend on root.ts wiring (the lead adds `hunts` there).
const router = createTRPCRouter({ auth: authRouter, hunts: huntsRouter });
const db = createDb({ max: 2 });
const adminDb = createDb({ url: process.env.DATABASE_ADMIN_URL, max: 1 });
const caller = (session: ApiSession | null) => createCallerFactory(router)(createTRPCContext({ headers: new Headers(), session, deps: { db } }));
const from = new Date("2026-11-27T10:00:00Z");
const to = new Date("2026-11-27T11:00:00Z");
const marker = randomUUID();

const RULE = `title: Marker in process command line
id: 44444444-4444-4444-8444-444444444444
logsource: {product: windows, category: process_creation}
detection:
  selection:
    CommandLine|contains: '${marker}'
  condition: selection
level: high
`;

async function account(label: string): Promise<ApiSession> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const { tenantId } = await caller(null).auth.signUp({ organizationName: `${label} Corp`, name: label, email, password: "correct horse battery" });
  const { rows } = await adminDb.pool.query<{ id: string }>("select id from users where email = $1", [email]);
  return { user: { id: rows[0]!.id, email, tenantId } };
}

const processEvent = (id: string, minute: number, commandLine: string): VigilEvent => ({
  id,
  "@timestamp": new Date(from.getTime() + minute * 60_000).toISOString(),
  event: {},
  vigil: { receiver: "hec" },
  original: { Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1, CommandLine: commandLine },
  raw: commandLine,
});

let hunter: ApiSession;
let other: ApiSession;
const hit = randomUUID();

beforeAll(async () => {
  hunter = await account("hunter");
  other = await account("other");
  await storeEvents({ db }, hunter.user.tenantId!, [processEvent(hit, 5, `powershell -enc ${marker}`), processEvent(randomUUID(), 6, "cmd /c dir")]);
  await storeEvents({ db }, other.user.tenantId!, [processEvent(randomUUID(), 5, `powershell -enc ${marker}`)]);
});
afterAll(async () => {
  await db.close();
  await adminDb.close();
});

describe("hunts router", () => {
  it("returns the tenant's matches with event ids and counts, never another tenant's", async () => {
    const result = await caller(hunter).hunts.run({ rule: RULE, from, to });
    expect(result).toMatchObject({ scanned: 2, total: 2, matchCount: 1, truncated: false });
    expect(result.matches).toEqual([expect.objectContaining({ kind: "event", ruleId: "44444444-4444-4444-8444-444444444444", eventIds: [hit] })]);
    expect(result.byRule).toEqual([expect.objectContaining({ count: 1 })]);
    const theirs = await caller(other).hunts.run({ rule: RULE, from, to });
    expect(theirs.matches.flatMap((m) => m.eventIds)).not.toContain(hit);
    expect(theirs.total).toBe(1);
  });

  it("refuses to hunt in a tenant the user is not a member of", async () => {
    await expect(caller(other).hunts.run({ tenantId: hunter.user.tenantId!, rule: RULE, from, to })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("answers bad rules and ranges with BAD_REQUEST and the reason", async () => {
    await expect(caller(hunter).hunts.run({ rule: "detection: [", from, to })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^rule: hunt\.yml:1/) });
    await expect(caller(hunter).hunts.run({ rule: RULE, from: to, to: from })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/to: must be after from/) });
    await expect(caller(hunter).hunts.run({ rule: RULE, from: new Date("2025-01-01T00:00:00Z"), to })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/at most 31 days/),
    });
    await expect(caller(hunter).hunts.run({ rule: "", from, to })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("requires a signed-in user", async () => {
    await expect(caller(null).hunts.run({ rule: RULE, from, to })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
