// Per-level enable/disable and overrides of one rule, for the context's tenant or its organization.
import { loadRules } from "@vigil/detection";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { audit, writableOwner } from "./access";
import type { WritableScope } from "./access";
import { resolveTenantRules } from "./effective";
import { exceptionFilter } from "./engine-sources";
import type { SettingPatch, SqlClient } from "./store";
import { upsertSetting } from "./store";
import type { EffectiveRule } from "./types";

export const SIGMA_STATUSES = ["stable", "test", "experimental", "deprecated", "unsupported"] as const;

async function knownRule(client: SqlClient, tenantId: string, ruleId: string): Promise<EffectiveRule> {
  const rule = (await resolveTenantRules(client, tenantId)).find((r) => r.ruleId === ruleId);
  if (!rule) throw new AppError("NOT_FOUND", `ruleId: no rule "${ruleId}" in this tenant's rule set`);
  return rule;
}

/** An exception is a Sigma filter on a single-event rule: it must compile against the rule. */
function checkException(rule: EffectiveRule, exception: Record<string, unknown>, scope: WritableScope): void {
  if (rule.kind !== "rule") throw new AppError("BAD_REQUEST", `exception: "${rule.ruleId}" is a ${rule.kind}; exceptions apply to single-event rules (add one to the rules it references)`);
  if (Object.keys(exception).length === 0) throw new AppError("BAD_REQUEST", "exception: give at least one field (a Sigma selection map)");
  const filter = exceptionFilter(rule.ruleId, scope, exception);
  const set = loadRules([{ file: rule.file, text: rule.yaml }, filter]);
  const error = set.errors.find((e) => e.file === filter.file);
  if (error) throw new AppError("BAD_REQUEST", `exception: ${error.reason} (${error.path || "selection"})`);
}

async function changeSetting(deps: ServiceDeps, ctx: TenantContext, scope: WritableScope, ruleId: string, patch: SettingPatch, action: string): Promise<void> {
  await deps.db.withTenantClient(ctx.tenantId, async (client) => {
    const owner = await writableOwner(deps, client, ctx, scope);
    const rule = await knownRule(client, ctx.tenantId, ruleId);
    if (patch.exception) checkException(rule, patch.exception, scope);
    await upsertSetting(client, owner, ruleId, patch, ctx.email ?? ctx.userId ?? null);
    await audit(client, ctx, owner.organizationId, action, `${scope.toLowerCase()}:${ruleId}`, patch);
  });
}

/** `enabled: null` removes this level's say (the level above decides again). */
export async function setRuleEnabled(deps: ServiceDeps, ctx: TenantContext, input: { scope: WritableScope; ruleId: string; enabled: boolean | null }): Promise<void> {
  await changeSetting(deps, ctx, input.scope, input.ruleId, { enabled: input.enabled }, "rules.set_enabled");
}

/** Level, status and exception overrides; a field left out is unchanged, `null` inherits again. */
export async function overrideRule(deps: ServiceDeps, ctx: TenantContext, input: { scope: WritableScope; ruleId: string } & Omit<SettingPatch, "enabled">): Promise<void> {
  const patch: SettingPatch = {};
  if (input.level !== undefined) patch.level = input.level;
  if (input.status !== undefined) patch.status = input.status;
  if (input.exception !== undefined) patch.exception = input.exception;
  if (Object.keys(patch).length === 0) throw new AppError("BAD_REQUEST", "give at least one of level, status, exception");
  await changeSetting(deps, ctx, input.scope, input.ruleId, patch, "rules.override");
}
