import { z } from "zod";
import { createIngestToken, listTokens, sourceFormats, type TokenSummary } from "@vigil/services/tokens";
import { createTRPCRouter, protectedProcedure, tenantProcedure } from "../trpc";

const tokenKind = z.enum(["INGEST", "API"]);

export const tokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: tokenKind,
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  sourcetype: z.string().nullable(),
});

function toTokenRow(t: TokenSummary): z.infer<typeof tokenSchema> {
  return { id: t.id, name: t.name, kind: t.kind, prefix: t.prefix, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt, sourcetype: t.sourcetype };
}

export const tokensRouter = createTRPCRouter({
  /** Vigil's record formats, which a token's source type may name. */
  formats: protectedProcedure
    .output(z.array(z.object({ id: z.string(), description: z.string() })))
    .query(() => sourceFormats()),

  /** Token metadata only: the secret part is never stored. */
  list: tenantProcedure.output(z.array(tokenSchema)).query(async ({ ctx }) => {
    const tokens = await listTokens(ctx.deps, ctx.tenant);
    return tokens.map(toTokenRow);
  }),

  /** Returns the plaintext token once. */
  create: tenantProcedure
    .input(z.object({
      name: z.string().trim().min(1, "required").max(100),
      kind: tokenKind.default("INGEST"),
      /** Default source type of its events; a Vigil format id (cef, linux-auth, ...) also fixes how HEC raw lines are parsed. */
      sourcetype: z.string().trim().max(100).regex(/^[A-Za-z0-9_.:-]*$/, "letters, digits and _ . : - only").optional(),
    }))
    .output(z.object({ token: tokenSchema, plaintext: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const created = await createIngestToken(ctx.deps, ctx.tenant, { name: input.name, kind: input.kind, sourcetype: input.sourcetype || null });
      return { token: toTokenRow(created.token), plaintext: created.plaintext };
    }),
});
