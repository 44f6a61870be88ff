// search.* through the tRPC caller against PostgreSQL: zod inputs, the parser's error as BAD_REQUEST, tenancy.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@vigil/db";
import { storeEvents } from "@vigil/services/events";
import { appRouter } from "../root";
import { createCallerFactory, createTRPCContext, type ApiSession } from "../trpc";

const db = createDb({ max: 2 });
const adminDb = createDb({ url: process.env.DATABASE_ADMIN_URL, max: 1 });
const caller = (session: ApiSession | null) => createCallerFactory(appRouter)(createTRPCContext({ headers: new Headers(), session, deps: { db } }));
const from = new Date("2026-11-27T10:00:00Z");
const to = new Date("2026-11-27T11:00:00Z");

async function account(label: string): Promise<ApiSession> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const { tenantId } = await caller(null).auth.signUp({ organizationName: `${label} Corp`, name: label, email, password: "correct horse battery" });
  const { rows } = await adminDb.pool.query<{ id: string }>("select id from users where email = $1", [email]);
  return { user: { id: rows[0]!.id, email, tenantId } };
}

let owner: ApiSession;
let stranger: ApiSession;

beforeAll(async () => {
  owner = await account("searcher");
  stranger = await account("stranger");
  const raw = `login alice ${randomUUID()}`;
  await storeEvents({ db }, owner.user.tenantId!, [
    { id: randomUUID(), "@timestamp": "2026-11-27T10:05:00Z", event: { action: "login", outcome: "failure" }, user: { name: "alice" }, vigil: { receiver: "trpc" }, original: {}, raw },
  ]);
});
afterAll(async () => {
  await db.close();
  await adminDb.close();
});

describe("search router", () => {
  it("returns matching events without the JSON document, and a histogram", async () => {
    const page = await caller(owner).search.events({ query: "user.name:alice AND event.outcome:failure", from, to });
    expect(page.events).toEqual([expect.objectContaining({ userName: "alice", outcome: "failure", action: "login" })]);
    expect(page.events[0]).not.toHaveProperty("doc");
    expect(page.nextCursor).toBeNull();
    const histogram = await caller(owner).search.histogram({ query: "user.name:alice", from, to, buckets: 6 });
    expect(histogram).toMatchObject({ bucketSeconds: 600, total: 1 });
    expect(histogram.buckets.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it("answers a bad query with BAD_REQUEST and the parser's position", async () => {
    await expect(caller(owner).search.events({ query: "user.name:alice AND (", from, to })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'position 22: expected a term after "("',
    });
    await expect(caller(owner).search.histogram({ query: "usr:x", from, to })).rejects.toThrow(/^position 1: unknown field "usr"; known fields:/);
    await expect(caller(owner).search.events({ query: "*", from: to, to: from })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("scopes to the caller's tenant and refuses a tenant the caller is not a member of", async () => {
    expect((await caller(stranger).search.events({ query: "*", from, to })).events).toEqual([]);
    await expect(caller(stranger).search.events({ tenantId: owner.user.tenantId!, query: "*", from, to })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
