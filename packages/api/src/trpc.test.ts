// Procedure tiers reject before any database work: the Db here points at a closed port on purpose.
import { describe, expect, it } from "vitest";
import { createDb } from "@vigil/db";
import { appRouter } from "./root";
import { clientIpFrom, createCallerFactory, createTRPCContext, type ApiSession } from "./trpc";

const deps = { db: createDb({ url: "postgresql://nobody@127.0.0.1:1/none", max: 1 }) };
const callerFor = (session: ApiSession | null) =>
  createCallerFactory(appRouter)(createTRPCContext({ headers: new Headers(), session, deps }));

describe("procedure tiers", () => {
  it("protected procedures need a session", async () => {
    await expect(callerFor(null).tenant.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(callerFor(null).dashboard.summary({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("tenant procedures need a tenant from the input or the session", async () => {
    const session = { user: { id: "7d8c2f0e-0000-4000-8000-000000000001", email: "a@example.com", tenantId: null } };
    await expect(callerFor(session).alerts.latest({})).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("tenantId") });
  });

  it("validates input before running the use case", async () => {
    const session = { user: { id: "7d8c2f0e-0000-4000-8000-000000000001", email: "a@example.com" } };
    await expect(callerFor(session).incidents.acknowledge({ incidentId: "not-a-uuid" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerFor(null).auth.signUp({ organizationName: "A", name: "", email: "x", password: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("clientIpFrom", () => {
  it("reads the first forwarded hop", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.2" }))).toBe("203.0.113.9");
    expect(clientIpFrom(new Headers())).toBeUndefined();
  });
});
