// Credentials sign-in: user + memberships + accessible tenants, or null. Every failure is audited
// (tenant-less, via vigil_audit_system); 5 failures for an email within 15 minutes lock it
// (TOO_MANY_REQUESTS, password not even checked) until the window has passed.
import type { Role } from "@vigil/db";
import { writeSystemAudit } from "../audit/writeSystemAudit";
import type { ServiceDeps } from "../context";
import { AppError } from "../errors";
import { listAccessibleTenants } from "../tenancy/listAccessibleTenants";
import type { AccessibleTenant } from "../tenancy/listAccessibleTenants";
import { burnPasswordCheck, verifyPassword } from "./password";

export const MAX_FAILED_SIGNINS = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;

export interface VerifyCredentialsInput {
  email: string;
  password: string;
  ip?: string | null;
}

export interface VerifiedUser {
  user: { id: string; email: string; name: string };
  memberships: { organizationId: string; tenantId: string | null; role: Role }[];
  tenants: AccessibleTenant[];
}

async function failedSignIns(deps: ServiceDeps, email: string): Promise<number> {
  const since = new Date(Date.now() - LOCKOUT_WINDOW_MS);
  const rows = await deps.db.withSystem((tx) => tx.$queryRaw<{ n: number }[]>`select vigil_failed_signins(${email}, ${since}::timestamptz) as n`);
  return Number(rows[0]?.n ?? 0);
}

export async function verifyCredentials(deps: ServiceDeps, input: VerifyCredentialsInput): Promise<VerifiedUser | null> {
  const email = String(input.email ?? "").trim().toLowerCase();
  const password = String(input.password ?? "");
  const ip = input.ip ?? null;
  if (email.length === 0 || email.length > 254 || password.length === 0 || password.length > 200) return null;

  if ((await failedSignIns(deps, email)) >= MAX_FAILED_SIGNINS) {
    await deps.db.withSystem((tx) => writeSystemAudit(tx, { action: "auth.sign_in_locked", actorEmail: email, ip }));
    throw new AppError("TOO_MANY_REQUESTS", "Too many failed sign-in attempts. Try again in 15 minutes.", {
      retryAfterSeconds: LOCKOUT_WINDOW_MS / 1000,
    });
  }

  const user = await deps.db.withSystem((tx) =>
    tx.user.findUnique({
      where: { email },
      include: { memberships: { select: { organizationId: true, tenantId: true, role: true } } },
    }),
  );
  let reason: string | null = null;
  if (!user) {
    await burnPasswordCheck(password);
    reason = "unknown_email";
  } else if (!(await verifyPassword(password, user.passwordHash))) {
    reason = "bad_password";
  } else if (user.disabledAt) {
    reason = "disabled";
  }
  if (!user || reason) {
    await deps.db.withSystem((tx) =>
      writeSystemAudit(tx, { action: "auth.sign_in_failed", actorEmail: email, actorUserId: user?.id ?? null, ip, details: { reason } }),
    );
    return null;
  }

  const tenants = await listAccessibleTenants(deps, user.id);
  await deps.db.withSystem((tx) =>
    writeSystemAudit(tx, { action: "auth.sign_in", actorEmail: email, actorUserId: user.id, ip, details: { tenants: tenants.length } }),
  );
  return {
    user: { id: user.id, email: user.email, name: user.name },
    memberships: user.memberships,
    tenants,
  };
}
