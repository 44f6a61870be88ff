// authorizeCredentials against the real accounts service (DATABASE_URL, DATABASE_ADMIN_URL).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@vigil/db";
import { signUp } from "@vigil/services/accounts";
import { authorizeCredentials } from "./config";
import { getServiceDeps } from "./deps";

const adminDb = createDb({ url: process.env.DATABASE_ADMIN_URL, max: 1 });
const admin = adminDb.pool;
const email = `auth-${randomUUID().slice(0, 8)}@example.com`;
const password = "correct horse battery";
let tenantId: string;
const request = (ip: string) => new Request("http://localhost/api/auth/callback/credentials", { headers: { "x-forwarded-for": ip } });

beforeAll(async () => {
  tenantId = (await signUp(getServiceDeps(), { email, password, name: "Auth Test", organizationName: "Auth Test Org" })).tenant.id;
});

afterAll(async () => {
  await getServiceDeps().db.close();
  await adminDb.close();
});

describe("authorizeCredentials", () => {
  it("returns the user with the default tenant for the session", async () => {
    const user = await authorizeCredentials({ email, password }, request("198.51.100.20"));
    expect(user).toMatchObject({ email, name: "Auth Test", tenantId });
  });

  it("rejects a wrong password as invalid_credentials and audits the client IP", async () => {
    await expect(authorizeCredentials({ email, password: "not the password" }, request("198.51.100.21"))).rejects.toMatchObject({
      code: "invalid_credentials",
    });
    const { rows } = await admin.query<{ ip: string }>("select ip from audit_log where actor_email = $1 and action = 'auth.sign_in_failed'", [email]);
    expect(rows.map((r) => r.ip)).toContain("198.51.100.21");
  });

  it("rejects malformed input without touching the database", async () => {
    await expect(authorizeCredentials({ email: "nope" }, undefined)).rejects.toMatchObject({ code: "invalid_credentials" });
  });

  it("locks the account after repeated failures (rate_limited), even with the right password", async () => {
    for (let i = 0; i < 4; i++) {
      await expect(authorizeCredentials({ email, password: "still wrong" }, request("198.51.100.22"))).rejects.toMatchObject({ code: "invalid_credentials" });
    }
    await expect(authorizeCredentials({ email, password }, request("198.51.100.22"))).rejects.toMatchObject({ code: "rate_limited" });
  });
});
