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
