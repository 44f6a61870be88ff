import { z } from "zod";
import { createIngestToken, listTokens, type TokenSummary } from "@vigil/services/tokens";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const tokenKind = z.enum(["INGEST", "API"]);

export const tokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: tokenKind,
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

function toTokenRow(t: TokenSummary): z.infer<typeof tokenSchema> {
  return { id: t.id, name: t.name, kind: t.kind, prefix: t.prefix, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt };
}

export const tokensRouter = createTRPCRouter({
  /** Token metadata only: the secret part is never stored. */
  list: tenantProcedure.output(z.array(tokenSchema)).query(async ({ ctx }) => {
    const tokens = await listTokens(ctx.deps, ctx.tenant);
    return tokens.map(toTokenRow);
  }),

  /** Returns the plaintext token once. */
  create: tenantProcedure
    .input(z.object({ name: z.string().trim().min(1, "required").max(100), kind: tokenKind.default("INGEST") }))
    .output(z.object({ token: tokenSchema, plaintext: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const created = await createIngestToken(ctx.deps, ctx.tenant, { name: input.name, kind: input.kind });
      return { token: toTokenRow(created.token), plaintext: created.plaintext };
    }),
});
