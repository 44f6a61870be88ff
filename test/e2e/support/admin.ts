// Fixture changes the product has no screen for yet (e.g. MSSP staff memberships), as the migration owner.
import { createDb } from "@vigil/db";

/** Gives the user with `email` a role in the tenant owned by `ownerEmail`'s organization. */
export async function grantTenantAccess(email: string, ownerEmail: string, role: "ANALYST" | "VIEWER"): Promise<void> {
  const db = createDb({ url: process.env.DATABASE_ADMIN_URL, max: 1 });
  try {
    await db.withSystem(async (tx) => {
      const user = await tx.user.findUniqueOrThrow({ where: { email } });
      const owner = await tx.user.findUniqueOrThrow({ where: { email: ownerEmail }, include: { memberships: true } });
      const home = owner.memberships[0]!;
      await tx.membership.create({ data: { userId: user.id, organizationId: home.organizationId, tenantId: home.tenantId, role } });
    });
  } finally {
    await db.close();
  }
}

/**
 * Makes `email`'s organization an MSSP and their membership organization-wide (kept role): MSSP
 * staff, who administer every tenant of the organization.
 */
export async function makeMsspStaff(email: string): Promise<void> {
  const db = createDb({ url: process.env.DATABASE_ADMIN_URL, max: 1 });
  try {
    await db.withSystem(async (tx) => {
      const user = await tx.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
      const home = user.memberships[0]!;
      await tx.organization.update({ where: { id: home.organizationId }, data: { kind: "MSSP" } });
      await tx.membership.update({ where: { id: home.id }, data: { tenantId: null } });
    });
  } finally {
    await db.close();
  }
}

/** A record as an older Vigil rejected it: a dead letter of the tenant of `ownerEmail`'s first membership. */
export async function insertDeadLetter(ownerEmail: string, receiver: string, raw: string, reason: string): Promise<void> {
  const db = createDb({ url: process.env.DATABASE_ADMIN_URL, max: 1 });
  try {
    const owner = await db.withSystem((tx) => tx.user.findUniqueOrThrow({ where: { email: ownerEmail }, include: { memberships: true } }));
    const tenantId = owner.memberships[0]!.tenantId!;
    await db.withTenant(tenantId, (tx) => tx.deadLetter.create({ data: { tenantId, receiver, raw, reason } }));
  } finally {
    await db.close();
  }
}
