import { z } from "zod";
import { listAccessibleTenants } from "@vigil/services/tenancy";
import { roleSchema } from "../schemas";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const tenantRouter = createTRPCRouter({
  /** Tenants the signed-in user may open (direct memberships plus org-wide MSSP access). */
  list: protectedProcedure
    .output(
      z.array(
        z.object({ id: z.uuid(), name: z.string(), slug: z.string(), organizationName: z.string(), role: roleSchema }),
      ),
    )
    .query(async ({ ctx }) => {
      const tenants = await listAccessibleTenants(ctx.deps, ctx.userId);
      return tenants.map((t) => ({
        id: t.tenantId,
        name: t.tenantName,
        slug: t.tenantSlug,
        organizationName: t.organizationName,
        role: t.role,
      }));
    }),
});
