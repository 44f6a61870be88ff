// A tenant's effective rules: the built-in pack, then the database's packs and settings of its
// lineage (global, its organization, itself), resolved by resolveEffectiveRules.
import type { ServiceDeps } from "../context";
import { AppError } from "../errors";
import { BUILTIN_PACK, builtinRules } from "./builtin";
import { engineSources } from "./engine-sources";
import type { EngineSources } from "./engine-sources";
import { resolveEffectiveRules } from "./resolve";
import type { Lineage, SqlClient } from "./store";
import { activeRules, levelSettings, listValues, tenantOrganization } from "./store";
import type { EffectiveRule, LevelRule } from "./types";

/** Rules of a lineage, upper levels first; the built-in pack unless a GLOBAL "vigil-builtin" pack replaces it. */
export async function lineageRules(client: SqlClient, lineage: Lineage): Promise<LevelRule[]> {
  const stored = await activeRules(client, lineage);
  const replaced = stored.some((r) => r.scope === "GLOBAL" && r.pack === BUILTIN_PACK);
  return [...(replaced ? [] : builtinRules()), ...stored];
}

export async function tenantLineage(client: SqlClient, tenantId: string): Promise<Lineage & { organizationId: string }> {
  const organizationId = await tenantOrganization(client, tenantId);
  if (!organizationId) throw new AppError("NOT_FOUND", "Tenant not found.");
  return { organizationId, tenantId };
}

export async function resolveTenantRules(client: SqlClient, tenantId: string): Promise<EffectiveRule[]> {
  const lineage = await tenantLineage(client, tenantId);
  const [rules, settings] = [await lineageRules(client, lineage), await levelSettings(client, lineage)];
  return resolveEffectiveRules(rules, settings);
}

export interface TenantEngineSources extends EngineSources {
  enabled: number;
  total: number;
}

/** What the ingest registry compiles for a tenant, its named lists included (read in the tenant's own RLS transaction). */
export async function tenantEngineSources(deps: ServiceDeps, tenantId: string): Promise<TenantEngineSources> {
  const [rules, lists] = await deps.db.withTenantClient(tenantId, async (client) => [await resolveTenantRules(client, tenantId), await listValues(client, tenantId)] as const);
  return { ...engineSources(rules, lists), enabled: rules.filter((r) => r.enabled.value).length, total: rules.length };
}

/** The change counter: any import, enable/disable or override anywhere bumps it. */
export async function currentRulesVersion(deps: ServiceDeps): Promise<bigint> {
  return deps.db.withSystem(async (tx) => {
    const rows = await tx.$queryRaw<{ version: string }[]>`select vigil_rules_version()::text as version`;
    return BigInt(rows[0]?.version ?? "0");
  });
}
