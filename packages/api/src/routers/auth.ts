import { z } from "zod";
import { signUp, signUpSchema } from "@vigil/services/accounts";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  /** Creates organization, tenant, owner and a first ingest token; the plaintext token is returned only here. */
  signUp: publicProcedure
    .input(signUpSchema)
    .output(z.object({ tenantId: z.uuid(), ingestToken: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const result = await signUp(ctx.deps, { ...input, ip: ctx.clientIp });
      return { tenantId: result.tenant.id, ingestToken: result.ingestToken.plaintext };
    }),
});
