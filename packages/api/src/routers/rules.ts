// Rule management for the portal: the tenant's effective rules (with the level each setting comes
// from), pack versions, imports and per-level enable/disable and overrides. Scope ORGANIZATION
// changes every tenant of the caller's organization (organization-wide ADMIN only); GLOBAL is
// written only by the command line (`vigil rules import --scope global`).
import { z } from "zod";
import { AppError } from "@vigil/services";
import {
  deleteDetectionList, effectiveRuleYaml, filesFromZip, importRulePack, listDetectionLists, listEffectiveRules, listRuleVersions, MAX_LIST_VALUE_LENGTH,
  MAX_LIST_VALUES, overrideRule, setDetectionList, setRuleEnabled, SIGMA_STATUSES,
} from "@vigil/services/rules";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const writableScope = z.enum(["TENANT", "ORGANIZATION"]);
const anyScope = z.enum(["GLOBAL", "ORGANIZATION", "TENANT"]);
const ruleId = z.string().trim().min(1, "required").max(200);
const level = z.enum(["informational", "low", "medium", "high", "critical"]);
const MAX_ZIP_BASE64 = 16 * 1024 * 1024;
const MAX_UPLOAD_FILES = 5000;

const sourced = <T extends z.ZodType>(value: T) => z.object({ value, from: z.union([anyScope, z.literal("rule")]) });
const effectiveRule = z.object({
  ruleId: z.string(),
  kind: z.enum(["rule", "correlation", "filter"]),
  title: z.string(),
  file: z.string(),
  definedAt: anyScope,
  pack: z.string(),
  packVersion: z.number().int(),
  enabled: sourced(z.boolean()),
  level: sourced(z.string().nullable()),
  status: sourced(z.string().nullable()),
  exceptions: z.array(z.object({ scope: anyScope, selection: z.record(z.string(), z.unknown()) })),
});
const failure = z.object({ file: z.string(), reason: z.string() });
const packVersion = z.object({
  id: z.uuid(), scope: anyScope, name: z.string(), version: z.number().int(), contentHash: z.string(), ruleCount: z.number().int(),
  failed: z.array(failure), importedBy: z.string().nullable(), createdAt: z.date(),
});

const importInput = z
  .object({
    scope: writableScope.default("TENANT"),
    name: z.string().trim().min(1, "required").max(64),
    files: z.array(z.object({ path: z.string().min(1).max(500), yaml: z.string().max(1024 * 1024) })).max(MAX_UPLOAD_FILES).optional(),
    zipBase64: z.string().max(MAX_ZIP_BASE64, "zip larger than 12 MB (16 MB base64)").optional(),
  })
  .refine((i) => (i.files === undefined) !== (i.zipBase64 === undefined), { message: "give either files or zipBase64", path: ["files"] });

const listName = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,100}$/, "letters, digits, _ . - only (at most 100), as in %Name%");
const detectionList = z.object({
  scope: writableScope, name: z.string(), values: z.array(z.string()), description: z.string(), updatedBy: z.string().nullable(), updatedAt: z.date(), overridden: z.boolean(),
});

export const rulesRouter = createTRPCRouter({
  /** The tenant's named lists (values of `%name%` placeholders) and the placeholders its rules use. */
  lists: tenantProcedure
    .output(z.object({
      lists: z.array(detectionList),
      used: z.array(z.object({ name: z.string(), filled: z.boolean(), rules: z.array(z.object({ ruleId: z.string(), title: z.string() })) })),
    }))
    .query(async ({ ctx }) => listDetectionLists(ctx.deps, ctx.tenant)),

  /** Creates or replaces a named list (Sigma strings: `*` and `?` wildcards) for the tenant (ADMIN) or its organization (organization-wide ADMIN). */
  setList: tenantProcedure
    .input(z.object({
      scope: writableScope.default("TENANT"),
      name: listName,
      values: z.array(z.string().max(MAX_LIST_VALUE_LENGTH, `at most ${MAX_LIST_VALUE_LENGTH} characters`)).max(MAX_LIST_VALUES, `at most ${MAX_LIST_VALUES} values`),
      description: z.string().max(500).optional(),
    }))
    .output(detectionList)
    .mutation(async ({ ctx, input }) => setDetectionList(ctx.deps, ctx.tenant, input)),

  deleteList: tenantProcedure
    .input(z.object({ scope: writableScope.default("TENANT"), name: listName }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteDetectionList(ctx.deps, ctx.tenant, { scope: input.scope, name: input.name });
      return { ok: true as const };
    }),


  /** The tenant's effective rules: definition level, enabled/level/status with their source level, exceptions. */
  list: tenantProcedure
    .output(z.object({ rules: z.array(effectiveRule), hash: z.string(), problems: z.array(failure), silenced: z.array(z.string()) }))
    .query(async ({ ctx }) => listEffectiveRules(ctx.deps, ctx.tenant)),

  /** One rule's YAML as the tenant's engine runs it (overrides applied). */
  yaml: tenantProcedure
    .input(z.object({ ruleId }))
    .output(z.object({ yaml: z.string() }))
    .query(async ({ ctx, input }) => {
      const yaml = await effectiveRuleYaml(ctx.deps, ctx.tenant, input.ruleId);
      if (yaml === undefined) throw new AppError("NOT_FOUND", `ruleId: no rule "${input.ruleId}" in this tenant's rule set`);
      return { yaml };
    }),

  /** Versions of the packs the tenant inherits or owns, newest first. */
  versions: tenantProcedure.output(z.array(packVersion)).query(async ({ ctx }) => listRuleVersions(ctx.deps, ctx.tenant)),

  /** Imports a pack (a zip, base64, or a list of {path, yaml}) as a new version at the tenant's or organization's level. */
  import: tenantProcedure
    .input(importInput)
    .output(z.object({ pack: packVersion, unchanged: z.boolean(), imported: z.number().int(), failed: z.array(failure) }))
    .mutation(async ({ ctx, input }) => {
      const files = input.zipBase64 !== undefined ? filesFromZip(Buffer.from(input.zipBase64, "base64")) : (input.files ?? []).map((f) => ({ path: f.path, text: f.yaml }));
      return importRulePack(ctx.deps, ctx.tenant, { scope: input.scope, name: input.name, files });
    }),

  /** Enables or disables a rule at one level; `enabled: null` inherits from the level above again. */
  setEnabled: tenantProcedure
    .input(z.object({ scope: writableScope.default("TENANT"), ruleId, enabled: z.boolean().nullable() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await setRuleEnabled(ctx.deps, ctx.tenant, { scope: input.scope, ruleId: input.ruleId, enabled: input.enabled });
      return { ok: true as const };
    }),

  /** Overrides level, status and/or adds an exception (Sigma selection map) at one level; `null` clears. */
  override: tenantProcedure
    .input(
      z.object({
        scope: writableScope.default("TENANT"),
        ruleId,
        level: level.nullable().optional(),
        status: z.enum(SIGMA_STATUSES).nullable().optional(),
        exception: z.record(z.string().min(1), z.unknown()).nullable().optional(),
      }),
    )
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await overrideRule(ctx.deps, ctx.tenant, {
        scope: input.scope, ruleId: input.ruleId,
        ...(input.level !== undefined ? { level: input.level } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.exception !== undefined ? { exception: input.exception } : {}),
      });
      return { ok: true as const };
    }),
});
