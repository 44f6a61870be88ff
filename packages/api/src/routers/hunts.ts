import { z } from "zod";
import { MAX_HUNT_RULE_BYTES, runHunt } from "@vigil/services/hunts";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const matchSchema = z.object({
  kind: z.enum(["event", "correlation"]),
  ruleId: z.string(),
  ruleTitle: z.string(),
  level: z.string(),
  groupKey: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  eventIds: z.array(z.string()),
});

export const huntsRouter = createTRPCRouter({
  /**
   * Runs a Sigma rule (or a correlation with its rules, as several YAML documents) over the
   * tenant's stored events in [from, to). A query: it reads only, so viewers may hunt too.
   */
  run: tenantProcedure
    .input(z.object({ rule: z.string().min(1).max(MAX_HUNT_RULE_BYTES), from: z.date(), to: z.date() }))
    .output(
      z.object({
        scanned: z.number().int(),
        total: z.number().int(),
        prefilter: z.string(),
        matchCount: z.number().int(),
        truncated: z.boolean(),
        matches: z.array(matchSchema),
        byRule: z.array(z.object({ ruleId: z.string(), title: z.string(), kind: z.enum(["event", "correlation"]), count: z.number().int() })),
      }),
    )
    .query(async ({ ctx, input }) => {
      const result = await runHunt(ctx.deps, ctx.tenant.tenantId, { rule: input.rule, from: input.from, to: input.to });
      return { ...result, matches: result.matches.map((m) => matchSchema.parse(m)) };
    }),
});
